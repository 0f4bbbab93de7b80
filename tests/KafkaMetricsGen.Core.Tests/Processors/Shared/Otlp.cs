using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>Terse builders of OTLP objects for processor tests.</summary>
internal static class Otlp
{
    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Attr(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue Attr(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    public static Span Span(
        string name = "test",
        Span.Types.SpanKind kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Client,
        Status.Types.StatusCode status = Status.Types.StatusCode.Ok,
        ulong start = 1_000_000_000,
        ulong end = 2_000_000_000,
        params KeyValue[] attributes)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()),
            SpanId = ByteString.CopyFrom(Enumerable.Range(1, 8).Select(i => (byte)i).ToArray()),
            Name = name,
            Kind = kind,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            Status = new Status { Code = status, Message = status == Status.Types.StatusCode.Ok ? "OK" : string.Empty },
        };
        span.Attributes.Add(attributes);
        return span;
    }

    public static ResourceSpans Resource(KeyValue[] resourceAttributes, params Span[] spans)
    {
        var rs = new ResourceSpans { Resource = new Resource() };
        rs.Resource.Attributes.Add(resourceAttributes);
        var scope = new ScopeSpans();
        scope.Spans.Add(spans);
        rs.ScopeSpans.Add(scope);
        return rs;
    }
}
