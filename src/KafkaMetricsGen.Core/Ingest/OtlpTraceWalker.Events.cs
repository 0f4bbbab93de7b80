namespace KafkaMetricsGen.Core.Ingest;

internal static partial class OtlpTraceWalker
{
    // Span.Event: time_unix_nano = 1 (fixed64), name = 2, attributes = 3. Span.Link: trace_id = 1, span_id = 2,
    // attributes = 4. Only the span fields from the first event or link on are read again.
    private static DecodeResult WalkEventsAndLinks(SpanBatch batch, ReadOnlySpan<byte> buffer, int start, int end)
    {
        var reader = new ProtoReader(buffer, start, end);
        while (reader.HasMore)
        {
            // The span pass validated the framing and the wire types of these fields.
            reader.TryReadTag(out var field, out var wireType);
            if (field is not (EventsField or LinksField))
            {
                reader.TrySkip(wireType);
                continue;
            }

            reader.TryReadLengthDelimited(out var message);
            var result = field == EventsField ? WalkEvent(batch, buffer, message) : WalkLink(batch, buffer, message);
            if (!result.Success)
            {
                return result;
            }
        }

        return DecodeResult.Ok;
    }

    private static DecodeResult WalkEvent(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message)
    {
        ByteRange name = default;
        ulong time = 0;
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
                    ok = reader.Expect(wireType, ProtoWireType.Fixed64, field) && reader.TryReadFixed64(out time);
                    break;
                case 2:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out name);
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

        batch.AddEvent(new EventRef(name, time, attributeStart, batch.AttributeCount - attributeStart));
        return DecodeResult.Ok;
    }

    private static DecodeResult WalkLink(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message)
    {
        var attributeStart = batch.AttributeCount;
        var result = WalkPairAndAttributes(batch, buffer, message, 4, out var traceId, out var spanId);
        if (!result.Success)
        {
            return result;
        }

        TraceId.TryRead(buffer.Slice(traceId.Offset, traceId.Length), out var traceIdValue);
        SpanId.TryRead(buffer.Slice(spanId.Offset, spanId.Length), out var spanIdValue);
        batch.AddLink(new LinkRef(traceIdValue, spanIdValue, attributeStart, batch.AttributeCount - attributeStart));
        return DecodeResult.Ok;
    }

    // False with a successful failure means the reader failed (its Failure says why); false with a failed result
    // means the KeyValue inside was bad.
    private static bool WalkNestedKeyValue(SpanBatch batch, ReadOnlySpan<byte> buffer, ref ProtoReader reader, ProtoWireType wireType, int field, out DecodeResult failure)
    {
        failure = DecodeResult.Ok;
        if (!reader.Expect(wireType, Len, field) || !reader.TryReadLengthDelimited(out var keyValue))
        {
            return false;
        }

        var result = WalkKeyValue(batch, buffer, keyValue);
        if (!result.Success)
        {
            failure = result;
            return false;
        }

        return true;
    }
}
