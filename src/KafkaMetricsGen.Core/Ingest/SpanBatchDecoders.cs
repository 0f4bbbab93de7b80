namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Creates the decoder for a configured codec name.</summary>
public static class SpanBatchDecoders
{
    /// <summary>The codec names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [Codecs.OtlpProto, Codecs.OtlpJson, Codecs.PushBytes, Codecs.TempoOtlp];

    /// <summary>A new decoder (decoders hold per-thread state: create one per thread).</summary>
    /// <exception cref="ArgumentException">The codec is not one of <see cref="Names"/>.</exception>
    public static ISpanBatchDecoder Create(string codec) => codec switch
    {
        Codecs.OtlpProto => new OtlpProtoDecoder(),
        Codecs.OtlpJson => new OtlpJsonDecoder(),
        Codecs.PushBytes => new PushBytesDecoder(),
        Codecs.TempoOtlp => new TempoOtlpDecoder(),
        _ => throw new ArgumentException($"codec: unknown value '{codec}', expected one of {string.Join(", ", Names)}", nameof(codec)),
    };
}
