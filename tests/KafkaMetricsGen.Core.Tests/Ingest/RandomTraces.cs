using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Random but valid OTLP traces for parity and fuzz tests: every field, every AnyValue kind, odd values.</summary>
internal sealed class RandomTraces(int seed)
{
    private static readonly string[] Words = ["", "a", "service", "GET /api", "db.system", "ünïcödé", "日本語", "🎉 party", "with\nnewline", "x"];

    private readonly Random _random = new(seed);

    public TracesData Next()
    {
        var traces = new TracesData();
        var resources = _random.Next(0, 4);
        for (var r = 0; r < resources; r++)
        {
            traces.ResourceSpans.Add(NextResourceSpans());
        }

        return traces;
    }

    private ResourceSpans NextResourceSpans()
    {
        var rs = new ResourceSpans { SchemaUrl = Chance(0.2) ? "https://schema" : string.Empty };
        if (Chance(0.9))
        {
            rs.Resource = new Resource { DroppedAttributesCount = (uint)_random.Next(0, 3) };
            rs.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = Word() } });
            AddAttributes(rs.Resource.Attributes, _random.Next(0, 5), 2);
        }

        var scopes = _random.Next(0, 3);
        for (var s = 0; s < scopes; s++)
        {
            var scope = new ScopeSpans();
            if (Chance(0.7))
            {
                scope.Scope = new InstrumentationScope { Name = Word(), Version = Word() };
                AddAttributes(scope.Scope.Attributes, _random.Next(0, 2), 1);
            }

            var spans = _random.Next(0, 6);
            for (var i = 0; i < spans; i++)
            {
                scope.Spans.Add(NextSpan());
            }

            rs.ScopeSpans.Add(scope);
        }

        return rs;
    }

    private Span NextSpan()
    {
        var span = new Span
        {
            TraceId = Bytes(16),
            SpanId = Bytes(8),
            ParentSpanId = Chance(0.3) ? ByteString.Empty : Bytes(8),
            TraceState = Chance(0.2) ? "rojo=00f067aa0ba902b7" : string.Empty,
            Name = Word(),
            Kind = (Span.Types.SpanKind)_random.Next(0, 8),
            StartTimeUnixNano = (ulong)_random.NextInt64(0, long.MaxValue),
            EndTimeUnixNano = Chance(0.1) ? ulong.MaxValue : (ulong)_random.NextInt64(0, long.MaxValue),
            Flags = Chance(0.5) ? (uint)_random.Next() : 0,
            DroppedAttributesCount = (uint)_random.Next(0, 2),
            DroppedEventsCount = (uint)_random.Next(0, 2),
            DroppedLinksCount = (uint)_random.Next(0, 2),
        };
        AddAttributes(span.Attributes, _random.Next(0, 8), 2);
        if (Chance(0.6))
        {
            span.Status = new Status { Code = (Status.Types.StatusCode)_random.Next(0, 4), Message = Word() };
        }

        if (Chance(0.3))
        {
            var e = new Span.Types.Event { Name = Word(), TimeUnixNano = (ulong)_random.NextInt64() };
            AddAttributes(e.Attributes, _random.Next(0, 3), 1);
            span.Events.Add(e);
        }

        if (Chance(0.3))
        {
            var link = new Span.Types.Link { TraceId = Bytes(16), SpanId = Bytes(8), TraceState = Word(), Flags = 1 };
            AddAttributes(link.Attributes, _random.Next(0, 3), 1);
            span.Links.Add(link);
        }

        return span;
    }

    private void AddAttributes(IList<KeyValue> target, int count, int depth)
    {
        for (var i = 0; i < count; i++)
        {
            target.Add(new KeyValue { Key = Word(), Value = Chance(0.05) ? null : NextValue(depth) });
        }
    }

    private AnyValue NextValue(int depth)
    {
        var value = new AnyValue();
        switch (_random.Next(0, depth > 0 ? 8 : 6))
        {
            case 0:
                value.StringValue = Word();
                break;
            case 1:
                value.BoolValue = Chance(0.5);
                break;
            case 2:
                value.IntValue = _random.Next(0, 3) switch { 0 => long.MinValue, 1 => -1, _ => _random.NextInt64(long.MinValue, long.MaxValue) };
                break;
            case 3:
                value.DoubleValue = _random.Next(0, 4) switch { 0 => double.NaN, 1 => -0.0, 2 => double.PositiveInfinity, _ => (_random.NextDouble() - 0.5) * 1e6 };
                break;
            case 4:
                value.BytesValue = Bytes(_random.Next(0, 10));
                break;
            case 5:
                break;
            case 6:
                value.ArrayValue = new ArrayValue();
                for (var i = _random.Next(0, 4); i > 0; i--)
                {
                    value.ArrayValue.Values.Add(NextValue(depth - 1));
                }

                break;
            default:
                value.KvlistValue = new KeyValueList();
                AddAttributes(value.KvlistValue.Values, _random.Next(0, 4), depth - 1);
                break;
        }

        return value;
    }

    private string Word() => Words[_random.Next(Words.Length)];

    private bool Chance(double p) => _random.NextDouble() < p;

    private ByteString Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }
}
