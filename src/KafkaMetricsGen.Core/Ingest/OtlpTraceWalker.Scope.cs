namespace KafkaMetricsGen.Core.Ingest;

internal static partial class OtlpTraceWalker
{
    // InstrumentationScope: name = 1, version = 2, attributes = 3. Should a ScopeSpans repeat its scope field (no
    // encoder does), the last one is the scope, rather than protobuf's merge, so its attributes stay one range.
    private static DecodeResult WalkScope(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message, int scopeIndex)
    {
        ByteRange name = default, version = default;
        var attributeStart = batch.AttributeCount;
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out name);
                    break;
                case 2:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out version);
                    break;
                case 3:
                    ok = WalkNestedKeyValue(batch, buffer, ref reader, wireType, field, out var failure);
                    if (!ok && !failure.Success)
                    {
                        return failure;
                    }

                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                return reader.Failure;
            }
        }

        batch.SetScope(scopeIndex, new ScopeRef(name, version, attributeStart, batch.AttributeCount - attributeStart));
        return DecodeResult.Ok;
    }
}
