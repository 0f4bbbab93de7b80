namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Walks encoded OTLP <c>TracesData</c> (or <c>ExportTraceServiceRequest</c> / <c>tempopb.Trace</c>: the same layout)
/// held in the batch buffer and appends its resources, scopes, spans, events, links and attributes to the batch without
/// allocating: strings, bytes and nested array/kvlist values stay ranges of the buffer. Scope spans are flattened into
/// their resource; each span keeps the index of its scope.
/// Fields the processors do not read are skipped unparsed; a known field with another wire type fails.
/// </summary>
/// <remarks>Deliberately concentrated hot path: one method per message type, no per-span allocation.</remarks>
internal static partial class OtlpTraceWalker
{
    private const ProtoWireType Len = ProtoWireType.LengthDelimited;

    /// <summary>Walks the message at <c>batch.Buffer[start..end)</c>; on failure the batch holds a partial result.</summary>
    public static DecodeResult Walk(SpanBatch batch, int start, int end)
    {
        var buffer = batch.Buffer;
        var reader = new ProtoReader(buffer, start, end);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            if (field != 1)
            {
                if (!reader.TrySkip(wireType))
                {
                    return reader.Failure;
                }

                continue;
            }

            if (!reader.Expect(wireType, Len, field) || !reader.TryReadLengthDelimited(out var resourceSpans))
            {
                return reader.Failure;
            }

            var result = WalkResourceSpans(batch, buffer, resourceSpans);
            if (!result.Success)
            {
                return result;
            }
        }

        return DecodeResult.Ok;
    }

    // The resource may follow its scope spans on the wire; a first pass takes the resource attributes so they stay
    // contiguous and precede the spans, a second pass takes the spans.
    private static DecodeResult WalkResourceSpans(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message)
    {
        var resourceIndex = batch.AddResource(default);
        var attributeStart = batch.AttributeCount;
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            if (field is < 1 or > 3)
            {
                if (!reader.TrySkip(wireType))
                {
                    return reader.Failure;
                }

                continue;
            }

            if (!reader.Expect(wireType, Len, field) || !reader.TryReadLengthDelimited(out var value))
            {
                return reader.Failure;
            }

            if (field == 1)
            {
                var result = WalkResource(batch, buffer, value);
                if (!result.Success)
                {
                    return result;
                }
            }
        }

        var attributeCount = batch.AttributeCount - attributeStart;
        var spanStart = batch.SpanCount;
        reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            // The first pass validated the framing, so these reads cannot fail.
            reader.TryReadTag(out var field, out var wireType);
            if (field != 2)
            {
                reader.TrySkip(wireType);
                continue;
            }

            reader.TryReadLengthDelimited(out var scopeSpans);
            var result = WalkScopeSpans(batch, buffer, scopeSpans, resourceIndex);
            if (!result.Success)
            {
                return result;
            }
        }

        batch.SetResource(resourceIndex, new ResourceRef(attributeStart, attributeCount, spanStart, batch.SpanCount - spanStart, message.Length));
        return DecodeResult.Ok;
    }

    private static DecodeResult WalkResource(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message)
    {
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            if (field != 1)
            {
                if (!reader.TrySkip(wireType))
                {
                    return reader.Failure;
                }

                continue;
            }

            if (!reader.Expect(wireType, Len, field) || !reader.TryReadLengthDelimited(out var keyValue))
            {
                return reader.Failure;
            }

            var result = WalkKeyValue(batch, buffer, keyValue);
            if (!result.Success)
            {
                return result;
            }
        }

        return DecodeResult.Ok;
    }

    private static DecodeResult WalkScopeSpans(SpanBatch batch, ReadOnlySpan<byte> buffer, ByteRange message, int resourceIndex)
    {
        var scopeIndex = batch.AddScope(default);
        var reader = new ProtoReader(buffer, message);
        while (reader.HasMore)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return reader.Failure;
            }

            if (field is < 1 or > 3)
            {
                if (!reader.TrySkip(wireType))
                {
                    return reader.Failure;
                }

                continue;
            }

            if (!reader.Expect(wireType, Len, field) || !reader.TryReadLengthDelimited(out var value))
            {
                return reader.Failure;
            }

            var result = field switch
            {
                1 => WalkScope(batch, buffer, value, scopeIndex),
                2 => WalkSpan(batch, buffer, value, resourceIndex, scopeIndex),
                _ => DecodeResult.Ok,
            };
            if (!result.Success)
            {
                return result;
            }
        }

        return DecodeResult.Ok;
    }
}
