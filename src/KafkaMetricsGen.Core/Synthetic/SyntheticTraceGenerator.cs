using System.Buffers.Binary;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace KafkaMetricsGen.Core.Synthetic;

/// <summary>
/// Generates traces of a small shop: <c>frontend → checkout → payments</c>, <c>checkout → inventory → postgres</c>
/// (a database edge), <c>checkout → orders queue → fulfillment</c> (a messaging edge), with errors and a latency spread.
/// Each trace has <see cref="SyntheticTraceDefaults.SpansPerTrace"/> spans ending at the requested time.
/// </summary>
public sealed class SyntheticTraceGenerator
{
    private readonly SyntheticTraceOptions _options;
    private readonly Random _random;
    private readonly byte[] _idBuffer = new byte[16];

    public SyntheticTraceGenerator(SyntheticTraceOptions? options = null)
    {
        _options = options ?? new SyntheticTraceOptions();
        _options.Validate();
        _random = new Random(_options.Seed);
    }

    /// <summary>Appends one trace, whose root span ends at <paramref name="endUnixNano"/>, to <paramref name="traces"/>.</summary>
    public void AddTrace(TracesData traces, ulong endUnixNano)
    {
        var traceId = NewId(16);
        var paymentFails = _random.NextDouble() < _options.PaymentErrorRate;
        var stockFails = _random.NextDouble() < _options.InventoryErrorRate;

        var dbMs = Latency(2, 0.5);
        var stockMs = dbMs + Latency(3, 0.4);
        var chargeMs = Latency(paymentFails ? 400 : 80, 0.6);
        var publishMs = Latency(1, 0.3);
        var checkoutMs = stockMs + chargeMs + publishMs + Latency(5, 0.3);
        var frontendMs = checkoutMs + Latency(8, 0.4);

        var rootEnd = endUnixNano;
        var rootStart = rootEnd - Nanos(frontendMs);
        var frontend = Resource(traces, "frontend", "frontend-1");
        var root = AddSpan(frontend, traceId, ByteString.Empty, "GET /checkout", Kind.Server, rootStart, rootEnd, paymentFails, ("http.method", "GET"), ("http.route", "/checkout"));
        var callCheckout = AddSpan(frontend, traceId, root.SpanId, "POST /api/checkout", Kind.Client, rootStart + Nanos(2), rootStart + Nanos(2 + checkoutMs + 1), paymentFails, ("http.method", "POST"));

        var checkout = Resource(traces, "checkout", "checkout-1");
        var checkoutStart = callCheckout.StartTimeUnixNano + Nanos(0.5);
        var checkoutServer = AddSpan(checkout, traceId, callCheckout.SpanId, "POST /api/checkout", Kind.Server, checkoutStart, checkoutStart + Nanos(checkoutMs), paymentFails, ("http.method", "POST"), ("http.route", "/api/checkout"));
        AddSpan(checkout, traceId, checkoutServer.SpanId, "compute-total", Kind.Internal, checkoutStart + Nanos(0.2), checkoutStart + Nanos(1));

        var stockStart = checkoutStart + Nanos(1);
        var callStock = AddSpan(checkout, traceId, checkoutServer.SpanId, "GET /api/stock", Kind.Client, stockStart, stockStart + Nanos(stockMs + 0.5), stockFails, ("http.method", "GET"));
        var inventory = Resource(traces, "inventory", "inventory-1");
        var stockServer = AddSpan(inventory, traceId, callStock.SpanId, "GET /api/stock", Kind.Server, stockStart + Nanos(0.2), stockStart + Nanos(0.2 + stockMs), stockFails, ("http.method", "GET"), ("http.route", "/api/stock"));
        if (stockFails)
        {
            AddException(stockServer, "OutOfStockException", "item out of stock");
        }

        AddSpan(inventory, traceId, stockServer.SpanId, "SELECT stock", Kind.Client, stockStart + Nanos(0.5), stockStart + Nanos(0.5 + dbMs), false, ("db.system", "postgresql"), ("db.name", "inventory"), ("server.address", "inventory-db"));

        var chargeStart = stockStart + Nanos(stockMs + 1);
        var callCharge = AddSpan(checkout, traceId, checkoutServer.SpanId, "POST /api/charge", Kind.Client, chargeStart, chargeStart + Nanos(chargeMs + 0.5), paymentFails, ("http.method", "POST"));
        var payments = Resource(traces, "payments", "payments-1");
        var charge = AddSpan(payments, traceId, callCharge.SpanId, "POST /api/charge", Kind.Server, chargeStart + Nanos(0.2), chargeStart + Nanos(0.2 + chargeMs), paymentFails, ("http.method", "POST"), ("http.route", "/api/charge"));
        if (paymentFails)
        {
            AddException(charge, "PaymentDeclinedException", "card declined");
        }


        var publishStart = chargeStart + Nanos(chargeMs + 1);
        var publish = AddSpan(checkout, traceId, checkoutServer.SpanId, "orders publish", Kind.Producer, publishStart, publishStart + Nanos(publishMs), false, ("messaging.system", "kafka"), ("messaging.destination.name", "orders"));
        var fulfillment = Resource(traces, "fulfillment", "fulfillment-1");
        // The consumer runs asynchronously but, to keep each trace inside its end time, within the root span.
        var slack = rootEnd - publish.EndTimeUnixNano;
        var consumeStart = publish.EndTimeUnixNano + Math.Min(Nanos(Latency(3, 0.5)), slack / 2);
        AddSpan(fulfillment, traceId, publish.SpanId, "orders process", Kind.Consumer, consumeStart, Math.Min(rootEnd, consumeStart + Nanos(Latency(10, 0.5))), false, ("messaging.system", "kafka"), ("messaging.destination.name", "orders"));
    }

    /// <summary>A request holding <paramref name="traceCount"/> traces ending at <paramref name="endUnixNano"/>.</summary>
    public TracesData Generate(int traceCount, ulong endUnixNano)
    {
        var traces = new TracesData();
        for (var i = 0; i < traceCount; i++)
        {
            AddTrace(traces, endUnixNano);
        }

        return traces;
    }

    private static ulong Nanos(double milliseconds) => (ulong)(milliseconds * 1_000_000);

    private double Latency(double medianMs, double sigma)
    {
        // Log-normal: most calls near the median, a long tail, scaled as configured.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return medianMs * Math.Exp(sigma * normal) * _options.LatencyScale;
    }

    private ByteString NewId(int length)
    {
        _random.NextBytes(_idBuffer.AsSpan(0, length));
        if (BinaryPrimitives.ReadUInt64BigEndian(_idBuffer) == 0)
        {
            _idBuffer[0] = 1;
        }

        return ByteString.CopyFrom(_idBuffer, 0, length);
    }

    private static ScopeSpans Resource(TracesData traces, string service, string instance)
    {
        var rs = new ResourceSpans { Resource = new OpenTelemetry.Proto.Resource.V1.Resource() };
        rs.Resource.Attributes.Add(Attribute("service.name", service));
        rs.Resource.Attributes.Add(Attribute("service.namespace", "shop"));
        rs.Resource.Attributes.Add(Attribute("service.instance.id", instance));
        rs.Resource.Attributes.Add(Attribute("deployment.environment", "demo"));
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "kafka-metrics-gen-synthetic" } };
        rs.ScopeSpans.Add(scope);
        traces.ResourceSpans.Add(rs);
        return scope;
    }

    private Span AddSpan(ScopeSpans scope, ByteString traceId, ByteString parent, string name, Kind kind, ulong start, ulong end, bool failed = false, params (string Key, string Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = traceId,
            SpanId = NewId(8),
            ParentSpanId = parent,
            Name = name,
            Kind = kind,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            Status = new Status { Code = failed ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
        };
        foreach (var (key, value) in attributes)
        {
            span.Attributes.Add(Attribute(key, value));
        }

        if (kind is Kind.Server)
        {
            span.Attributes.Add(new KeyValue { Key = "http.status_code", Value = new AnyValue { IntValue = failed ? 500 : 200 } });
        }

        scope.Spans.Add(span);
        return span;
    }

    /// <summary>An exception event as OpenTelemetry SDKs record one, just before the failing span ends.</summary>
    private static void AddException(Span span, string type, string message) => span.Events.Add(new Span.Types.Event
    {
        Name = "exception",
        TimeUnixNano = span.EndTimeUnixNano - Nanos(0.1),
        Attributes = { Attribute("exception.type", type), Attribute("exception.message", message) },
    });

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
