namespace KafkaMetricsGen.Core.Ingest;

internal static partial class OtlpTraceWalker
{
    // InstrumentationScope: name = 1, version = 2, attributes = 3. Should a ScopeSpans repeat its scope field (no
    // encoder does), the last one is the scope, rather than protobuf's merge, so its attributes stay one range.
    private static DecodeResult WalkScope(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message, int scopeIndex)
    {
        var attributeStart = batch.AttributeCount;
        var result = WalkPairAndAttributes(batch, buffer, message, 3, out var name, out var version);
        if (!result.Success)
        {
            return result;
        }

        batch.SetScope(scopeIndex, new ScopeRef(name, version, attributeStart, batch.AttributeCount - attributeStart));
        return DecodeResult.Ok;
    }

    // A message of two length-delimited fields 1 and 2 and repeated KeyValue attributes: InstrumentationScope (name,
    // version, attributes = 3) and Span.Link (trace_id, span_id, attributes = 4). Other fields are skipped.
    private static DecodeResult WalkPairAndAttributes(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message, int attributesField, out ByteRange first, out ByteRange second)
    {
        first = default;
        second = default;
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            bool ok;
            if (field == 1)
            {
                ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out first);
            }
            else if (field == 2)
            {
                ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out second);
            }
            else if (field == attributesField)
            {
                ok = WalkNestedKeyValue(batch, buffer, ref reader, wireType, field, out var failure);
                if (!ok && !failure.Success)
                {
                    return failure;
                }
            }
            else
            {
                ok = reader.TrySkip(wireType);
            }

            if (!ok)
            {
                return reader.Failure;
            }
        }

        return DecodeResult.Ok;
    }
}
