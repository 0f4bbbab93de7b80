namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Codec <c>otlp_proto</c>: the record value is an encoded OTLP <c>ExportTraceServiceRequest</c> or <c>TracesData</c>
/// (field 1 is the repeated ResourceSpans in both). The value is copied into the batch once and walked in place.
/// </summary>
public sealed class OtlpProtoDecoder : ISpanBatchDecoder
{
    public string Codec => Codecs.OtlpProto;

    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset();
        batch.SetBuffer(value);
        var result = OtlpTraceWalker.Walk(batch, 0, value.Length);
        if (!result.Success)
        {
            batch.Reset();
        }

        return result;
    }
}
