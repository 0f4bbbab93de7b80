using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

/// <summary>Small OTLP builders for synthetic service-graph cases.</summary>
internal static class TestSpans
{
    public const ulong Start = 1_700_000_000_000_000_000UL;

    public static readonly byte[] TraceA = Convert.FromHexString("0102030405060708090a0b0c0d0e0f10");

    public static ResourceSpans Resource(string? service, params Span[] spans) => Resource(service, [], spans);

    public static ResourceSpans Resource(string? service, (string Key, object Value)[] attributes, params Span[] spans)
    {
        var resource = new Resource();
        if (service is not null)
        {
            resource.Attributes.Add(Attribute("service.name", service));
        }

        foreach (var (key, value) in attributes)
        {
            resource.Attributes.Add(Attribute(key, value));
        }

        var scope = new ScopeSpans();
        scope.Spans.AddRange(spans);
        var rs = new ResourceSpans { Resource = resource };
        rs.ScopeSpans.Add(scope);
        return rs;
    }

    public static Span Span(
        Span.Types.SpanKind kind, ulong spanId, ulong parentId, ulong startOffsetNs = 0, ulong durationNs = 1_000_000,
        bool error = false, params (string Key, object Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(TraceA),
            SpanId = ByteString.CopyFrom(Id(spanId)),
            ParentSpanId = parentId == 0 ? ByteString.Empty : ByteString.CopyFrom(Id(parentId)),
            Name = kind.ToString(),
            Kind = kind,
            StartTimeUnixNano = Start + startOffsetNs,
            EndTimeUnixNano = Start + startOffsetNs + durationNs,
            Status = new Status { Code = error ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
        };
        foreach (var (key, value) in attributes)
        {
            span.Attributes.Add(Attribute(key, value));
        }

        return span;
    }

    public static KeyValue Attribute(string key, object value) => new()
    {
        Key = key,
        Value = value switch
        {
            string s => new AnyValue { StringValue = s },
            double d => new AnyValue { DoubleValue = d },
            long l => new AnyValue { IntValue = l },
            int i => new AnyValue { IntValue = i },
            bool b => new AnyValue { BoolValue = b },
            byte[] bytes => new AnyValue { BytesValue = ByteString.CopyFrom(bytes) },
            _ => throw new ArgumentException("unsupported attribute value", nameof(value)),
        },
    };

    private static byte[] Id(ulong id)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, id);
        return bytes;
    }
}
