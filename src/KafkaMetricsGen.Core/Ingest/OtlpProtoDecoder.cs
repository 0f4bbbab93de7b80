namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Codec <c>otlp_proto</c>: the record value is an encoded OTLP <c>ExportTraceServiceRequest</c> or <c>TracesData</c>
/// (field 1 is the repeated ResourceSpans in both). The value is copied into the batch once and walked in place, or,
/// given as an array, lent to the batch and walked there without a copy.
/// </summary>
public sealed class OtlpProtoDecoder : ISpanBatchDecoder
{
    public string Codec => Codecs.OtlpProto;

    public DecodeResult Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset();
        batch.SetBuffer(value);
        return Walk(batch, value.Length);
    }

    public DecodeResult Decode(ReadOnlySpan<byte> key, byte[] value, int length, SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset();
        batch.BorrowBuffer(value, length);
        return Walk(batch, length);
    }

    private static DecodeResult Walk(SpanBatch batch, int length)
    {
        var result = OtlpTraceWalker.Walk(batch, 0, length);
        if (!result.Success)
        {
            batch.Reset();
        }

        return result;
    }
}
