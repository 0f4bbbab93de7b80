using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Tests.Processors.LocalBlocks;

/// <summary>OTLP spans for local-blocks tests.</summary>
internal static class LocalBlocksTestData
{
    public static ResourceSpans Resource(string service, params Span[] spans)
    {
        var rs = new ResourceSpans { Resource = new Resource() };
        rs.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
        var ss = new ScopeSpans();
        ss.Spans.Add(spans);
        rs.ScopeSpans.Add(ss);
        return rs;
    }

    public static Span Span(ulong traceLow, ulong spanId, ulong parentId, Span.Types.SpanKind kind, ulong startNano, ulong durationNano,
        string name = "op", string? httpMethod = null)
    {
        var s = new Span
        {
            TraceId = ByteString.CopyFrom(Bytes(0, 16, traceLow)),
            SpanId = ByteString.CopyFrom(Bytes(0, 8, spanId)),
            ParentSpanId = parentId == 0 ? ByteString.Empty : ByteString.CopyFrom(Bytes(0, 8, parentId)),
            Kind = kind,
            Name = name,
            StartTimeUnixNano = startNano,
            EndTimeUnixNano = startNano + durationNano,
            Status = new Status { Code = Status.Types.StatusCode.Ok, Message = "fine" },
        };
        if (httpMethod is not null)
        {
            s.Attributes.Add(new KeyValue { Key = "http.method", Value = new AnyValue { StringValue = httpMethod } });
        }

        s.Attributes.Add(new KeyValue { Key = "retries", Value = new AnyValue { IntValue = -3 } });
        s.Attributes.Add(new KeyValue { Key = "ratio", Value = new AnyValue { DoubleValue = 0.25 } });
        s.Attributes.Add(new KeyValue { Key = "cached", Value = new AnyValue { BoolValue = true } });
        return s;
    }

    private static byte[] Bytes(ulong high, int length, ulong low)
    {
        var b = new byte[length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(length - 8), low);
        if (length == 16)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b, high);
        }

        return b;
    }
}
