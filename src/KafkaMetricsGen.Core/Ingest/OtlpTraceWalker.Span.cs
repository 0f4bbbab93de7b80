namespace KafkaMetricsGen.Core.Ingest;

internal static partial class OtlpTraceWalker
{
    private const int EventsField = 11;
    private const int LinksField = 13;

    private static DecodeResult WalkSpan(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message, int resourceIndex, int scopeIndex)
    {
        var firstNested = -1;
        ByteRange traceId = default, spanId = default, parentSpanId = default, name = default, traceState = default, statusMessage = default;
        ulong kind = 0, start = 0, end = 0, statusCode = 0;
        var attributeStart = batch.AttributeCount;
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            var fieldStart = reader.Position;
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out traceId);
                    break;
                case 2:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out spanId);
                    break;
                case 3:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out traceState);
                    break;
                case 4:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out parentSpanId);
                    break;
                case 5:
                    ok = reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out name);
                    break;
                case 6:
                    ok = reader.Expect(wireType, ProtoWireType.Varint, field) && reader.TryReadVarint(out kind);
                    break;
                case 7:
                    ok = reader.Expect(wireType, ProtoWireType.Fixed64, field) && reader.TryReadFixed64(out start);
                    break;
                case 8:
                    ok = reader.Expect(wireType, ProtoWireType.Fixed64, field) && reader.TryReadFixed64(out end);
                    break;
                case 9:
                    if (!reader.Expect(wireType, Len, field) || !reader.TryReadLengthDelimited(out var keyValue))
                    {
                        return reader.Failure;
                    }

                    var attribute = WalkKeyValue(batch, buffer, keyValue);
                    if (!attribute.Success)
                    {
                        return attribute;
                    }

                    ok = true;
                    break;
                case 15:
                    if (!reader.Expect(wireType, Len, field) || !reader.TryReadLengthDelimited(out var status))
                    {
                        return reader.Failure;
                    }

                    var statusResult = WalkStatus(buffer, status, ref statusCode, ref statusMessage);
                    if (!statusResult.Success)
                    {
                        return statusResult;
                    }

                    ok = true;
                    break;
                case EventsField or LinksField:
                    // Events and links carry attributes of their own: a second pass takes them once the span's
                    // attributes are complete, so those stay one contiguous range.
                    if (firstNested < 0)
                    {
                        firstNested = fieldStart;
                    }

                    ok = reader.Expect(wireType, Len, field) && reader.TrySkip(wireType);
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

        var attributeCount = batch.AttributeCount - attributeStart;
        var (eventStart, linkStart) = (batch.EventCount, batch.LinkCount);
        if (firstNested >= 0)
        {
            var nested = WalkEventsAndLinks(batch, buffer, firstNested, message.Offset + message.Length);
            if (!nested.Success)
            {
                return nested;
            }
        }

        if (!TraceId.TryRead(buffer.Slice(traceId.Offset, traceId.Length), out var traceIdValue))
        {
            return DecodeResult.Fail(DecodeFailureReasons.BadIdLength, $"trace id of {traceId.Length} bytes at offset {message.Offset}");
        }

        if (!SpanId.TryRead(buffer.Slice(spanId.Offset, spanId.Length), out var spanIdValue))
        {
            return DecodeResult.Fail(DecodeFailureReasons.BadIdLength, $"span id of {spanId.Length} bytes at offset {message.Offset}");
        }

        if (!SpanId.TryRead(buffer.Slice(parentSpanId.Offset, parentSpanId.Length), out var parentValue))
        {
            return DecodeResult.Fail(DecodeFailureReasons.BadIdLength, $"parent span id of {parentSpanId.Length} bytes at offset {message.Offset}");
        }

        // Enums are int32 on the wire: keep the low 32 bits of the varint as Google.Protobuf does, unknown values included.
        batch.AddSpan(new SpanRef(
            resourceIndex,
            traceIdValue,
            spanIdValue,
            parentValue,
            name,
            (SpanKind)(int)kind,
            (StatusCode)(int)statusCode,
            statusMessage,
            traceState,
            start,
            end,
            attributeStart,
            attributeCount,
            message.Length,
            scopeIndex,
            eventStart,
            batch.EventCount - eventStart,
            linkStart,
            batch.LinkCount - linkStart));
        return DecodeResult.Ok;
    }

    private static DecodeResult WalkStatus(ReadOnlySpan<byte> buffer, ByteRange message, ref ulong code, ref ByteRange statusMessage)
    {
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            var ok = field switch
            {
                2 => reader.Expect(wireType, Len, field) && reader.TryReadLengthDelimited(out statusMessage),
                3 => reader.Expect(wireType, ProtoWireType.Varint, field) && reader.TryReadVarint(out code),
                _ => reader.TrySkip(wireType),
            };
            if (!ok)
            {
                return reader.Failure;
            }
        }

        return DecodeResult.Ok;
    }
}
