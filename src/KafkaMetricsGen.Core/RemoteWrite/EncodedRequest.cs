namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>One snappy-compressed WriteRequest body, with what it carries (for the self-metrics).</summary>
public sealed record EncodedRequest(byte[] Body, int Samples, int Exemplars, int Histograms, long MaxTimestampMs)
{
    /// <summary>What counts against <c>max_samples_per_send</c>.</summary>
    public int Items => Samples + Exemplars + Histograms;

    /// <summary>The message <see cref="Body"/> holds (remote write 1.0 unless said otherwise).</summary>
    public RemoteWriteMessage Message { get; init; } = RemoteWriteMessage.V1;
}
