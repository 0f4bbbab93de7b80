namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Codec <c>otlp</c>: what Tempo's distributor writes when the generator's <c>codec</c> is <c>otlp</c>. The key is the
/// tenant; the value is one <c>tempopb.Trace</c>, which has the wire layout of OTLP <c>TracesData</c>, so the OTLP
/// walker reads it.
/// </summary>
public sealed class TempoOtlpDecoder : ISpanBatchDecoder
{
    private readonly OtlpProtoDecoder _otlp = new();

    public string Codec => Codecs.TempoOtlp;

    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (key.IsEmpty)
        {
            batch.Reset();
            return DecodeResult.Fail(DecodeFailureReasons.MissingTenant, "the record key (tenant) is empty");
        }

        var result = _otlp.Decode(key, value, batch);
        if (result.Success)
        {
            batch.Tenant = batch.Strings.Get(key);
        }

        return result;
    }
}
