using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.TestKit.TempoTraces;

/// <summary>
/// Writes one trace as OTLP TracesData in the order it is told: each <see cref="Add"/> is one ResourceSpans holding one
/// ScopeSpans. Ids are hex; span times are nanoseconds after the trace's start, so durations read as they are measured.
/// </summary>
internal sealed class TraceBuilder(string traceIdHex, ulong startUnixNano)
{
    private readonly ByteString _traceId = Id(traceIdHex);
    private readonly TracesData _traces = new();

    /// <summary>The spans of <paramref name="resource"/> under <paramref name="scope"/> (none: no scope message).</summary>
    public TraceBuilder Add(Resource resource, InstrumentationScope? scope, params Span[] spans)
    {
        var scopeSpans = new ScopeSpans { Scope = scope };
        scopeSpans.Spans.Add(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scopeSpans);
        _traces.ResourceSpans.Add(resourceSpans);
        return this;
    }

    /// <summary>A span of this trace; <paramref name="parentIdHex"/> null for a root span.</summary>
    public Span Span(
        string spanIdHex, string? parentIdHex, Span.Types.SpanKind kind, string name, ulong start, ulong duration, Status status, params KeyValue[] attributes)
    {
        var span = new Span
        {
            TraceId = _traceId,
            SpanId = Id(spanIdHex),
            ParentSpanId = parentIdHex is null ? ByteString.Empty : Id(parentIdHex),
            Kind = kind,
            Name = name,
            StartTimeUnixNano = startUnixNano + start,
            EndTimeUnixNano = startUnixNano + start + duration,
            Status = status,
        };

        // Attribute lists are shared between variants: each span gets its own copies.
        foreach (var attribute in attributes)
        {
            span.Attributes.Add(attribute.Clone());
        }

        return span;
    }

    public TracesData Build() => _traces;

    private static ByteString Id(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));
}
