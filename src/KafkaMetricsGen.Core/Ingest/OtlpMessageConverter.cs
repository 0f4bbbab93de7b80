using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Appends Google.Protobuf OTLP objects to a <see cref="SpanBatch"/>. It is the slow, obviously-correct path: the
/// OTLP/JSON decoder uses it, and the parity tests hold the byte-walking protobuf decoder to it.
/// </summary>
public static class OtlpMessageConverter
{
    /// <summary>Appends every ResourceSpans; on a bad id the batch is rolled back to where it was and the failure returned.</summary>
    public static DecodeResult Append(SpanBatch batch, IEnumerable<ResourceSpans> resourceSpans)
    {
        var mark = batch.Mark();
        foreach (var rs in resourceSpans)
        {
            var result = AppendResource(batch, rs);
            if (!result.Success)
            {
                batch.Truncate(mark);
                return result;
            }
        }

        return DecodeResult.Ok;
    }

    public static DecodeResult Append(SpanBatch batch, TracesData traces) => Append(batch, traces.ResourceSpans);

    private static DecodeResult AppendResource(SpanBatch batch, ResourceSpans rs)
    {
        var attributeStart = batch.AttributeCount;
        if (rs.Resource is not null)
        {
            AppendAttributes(batch, rs.Resource.Attributes);
        }

        var attributeCount = batch.AttributeCount - attributeStart;
        var resourceIndex = batch.AddResource(new ResourceRef(attributeStart, attributeCount, batch.SpanCount, 0, rs.CalculateSize()));
        var spanStart = batch.SpanCount;
        foreach (var scope in rs.ScopeSpans)
        {
            var scopeIndex = AppendScope(batch, scope.Scope);
            foreach (var span in scope.Spans)
            {
                var result = AppendSpan(batch, resourceIndex, scopeIndex, span);
                if (!result.Success)
                {
                    return result;
                }
            }
        }

        batch.SetResource(resourceIndex, new ResourceRef(attributeStart, attributeCount, spanStart, batch.SpanCount - spanStart, rs.CalculateSize()));
        return DecodeResult.Ok;
    }

    private static int AppendScope(SpanBatch batch, InstrumentationScope? scope)
    {
        if (scope is null)
        {
            return batch.AddScope(default);
        }

        var name = AppendString(batch, scope.Name);
        var version = AppendString(batch, scope.Version);
        var attributeStart = batch.AttributeCount;
        AppendAttributes(batch, scope.Attributes);
        return batch.AddScope(new ScopeRef(name, version, attributeStart, batch.AttributeCount - attributeStart));
    }

    private static DecodeResult AppendSpan(SpanBatch batch, int resourceIndex, int scopeIndex, Span span)
    {
        if (!TraceId.TryRead(span.TraceId.Span, out var traceId))
        {
            return DecodeResult.Fail(DecodeFailureReasons.BadIdLength, $"trace id has {span.TraceId.Length} bytes, expected 16");
        }

        if (!SpanId.TryRead(span.SpanId.Span, out var spanId))
        {
            return DecodeResult.Fail(DecodeFailureReasons.BadIdLength, $"span id has {span.SpanId.Length} bytes, expected 8");
        }

        if (!SpanId.TryRead(span.ParentSpanId.Span, out var parentId))
        {
            return DecodeResult.Fail(DecodeFailureReasons.BadIdLength, $"parent span id has {span.ParentSpanId.Length} bytes, expected 8 or 0");
        }

        var attributeStart = batch.AttributeCount;
        AppendAttributes(batch, span.Attributes);
        var attributeCount = batch.AttributeCount - attributeStart;
        var eventStart = batch.EventCount;
        foreach (var e in span.Events)
        {
            var name = AppendString(batch, e.Name);
            var start = batch.AttributeCount;
            AppendAttributes(batch, e.Attributes);
            batch.AddEvent(new EventRef(name, e.TimeUnixNano, start, batch.AttributeCount - start));
        }

        var linkStart = batch.LinkCount;
        foreach (var l in span.Links)
        {
            TraceId.TryRead(l.TraceId.Span, out var linkTrace);
            SpanId.TryRead(l.SpanId.Span, out var linkSpan);
            var start = batch.AttributeCount;
            AppendAttributes(batch, l.Attributes);
            batch.AddLink(new LinkRef(linkTrace, linkSpan, start, batch.AttributeCount - start));
        }

        batch.AddSpan(new SpanRef(
            resourceIndex,
            traceId,
            spanId,
            parentId,
            AppendString(batch, span.Name),
            (SpanKind)(int)span.Kind,
            span.Status is null ? StatusCode.Unset : (StatusCode)(int)span.Status.Code,
            AppendString(batch, span.Status?.Message ?? string.Empty),
            AppendString(batch, span.TraceState),
            span.StartTimeUnixNano,
            span.EndTimeUnixNano,
            attributeStart,
            attributeCount,
            span.CalculateSize(),
            scopeIndex,
            eventStart,
            batch.EventCount - eventStart,
            linkStart,
            batch.LinkCount - linkStart));
        return DecodeResult.Ok;
    }

    private static void AppendAttributes(SpanBatch batch, IEnumerable<KeyValue> attributes)
    {
        foreach (var kv in attributes)
        {
            var key = AppendString(batch, kv.Key);
            var value = kv.Value;
            var attribute = value?.ValueCase switch
            {
                AnyValue.ValueOneofCase.StringValue => new AttributeRef(key, AnyValueKind.String, AppendString(batch, value.StringValue), 0, 0),
                AnyValue.ValueOneofCase.BoolValue => new AttributeRef(key, AnyValueKind.Bool, default, value.BoolValue ? 1 : 0, 0),
                AnyValue.ValueOneofCase.IntValue => new AttributeRef(key, AnyValueKind.Int, default, value.IntValue, 0),
                AnyValue.ValueOneofCase.DoubleValue => new AttributeRef(key, AnyValueKind.Double, default, 0, value.DoubleValue),
                AnyValue.ValueOneofCase.ArrayValue => new AttributeRef(key, AnyValueKind.Array, AppendBytes(batch, value.ArrayValue.ToByteArray()), 0, 0),
                AnyValue.ValueOneofCase.KvlistValue => new AttributeRef(key, AnyValueKind.KeyValueList, AppendBytes(batch, value.KvlistValue.ToByteArray()), 0, 0),
                AnyValue.ValueOneofCase.BytesValue => new AttributeRef(key, AnyValueKind.Bytes, AppendBytes(batch, value.BytesValue.Span), 0, 0),
                _ => new AttributeRef(key, AnyValueKind.Empty, default, 0, 0),
            };
            batch.AddAttribute(attribute);
        }
    }

    private static ByteRange AppendString(SpanBatch batch, string value) =>
        value.Length == 0 ? default : AppendBytes(batch, Encoding.UTF8.GetBytes(value));

    private static ByteRange AppendBytes(SpanBatch batch, ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? default : new ByteRange(batch.AppendBuffer(bytes), bytes.Length);
}
