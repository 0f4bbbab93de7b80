using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Tests.EndToEnd;

/// <summary>
/// The synthetic part of the differential input: traces that touch every field of a span the processors read or
/// count — every span kind; no status, an empty status, OK, ERROR and UNSET with a message; events, links, flags,
/// dropped counts, trace state (with a sampling threshold, so the multiplier reads it); attributes of every AnyValue
/// type on spans and resources; scopes and schema URLs; resources without <c>service.name</c> or without any attribute;
/// client/server, producer/consumer, database and unpaired spans for service graphs. Three tenants, one record per
/// trace and one record with several traces.
/// </summary>
internal static class DifferentialTraces
{
    /// <summary>The span-attribute keys the differential config uses as dimensions, one per AnyValue type.</summary>
    public static readonly string[] AttributeKeys = ["attr.string", "attr.bool", "attr.int", "attr.double", "attr.bytes", "attr.array", "attr.kvlist", "attr.empty"];

    /// <summary>Records per tenant (each record a TracesData), spans ending at or before <paramref name="latestEndUnixNano"/>.</summary>
    public static IReadOnlyList<(string Tenant, TracesData Record)> Records(ulong latestEndUnixNano)
    {
        var t = latestEndUnixNano - 3_000_000_000UL;
        return
        [
            ("synthetic-a", Shop(1, t, variant: 0)),
            ("synthetic-a", Shop(2, t + 700_000_000, variant: 1)),
            ("synthetic-a", Unpaired(3, t + 900_000_000)),
            ("synthetic-b", Merge(Shop(4, t + 1_100_000_000, variant: 2), Unpaired(5, t + 1_300_000_000), Odd(6, t + 1_500_000_000))),
            ("synthetic-c", Odd(7, t + 2_000_000_000)),
            ("synthetic-c", Shop(8, latestEndUnixNano - 1_000_000_000, variant: 1)),
        ];
    }

    /// <summary>frontend → checkout (server, database, producer) → worker (consumer, internal, unspecified).</summary>
    private static TracesData Shop(byte trace, ulong start, int variant)
    {
        var frontend = Resource("frontend", instance: "frontend-" + variant);
        var checkout = Resource("checkout");
        var worker = Resource("worker");

        // Host info: the first identifier listed (k8s.node.name) wins; an empty one yields to host.id.
        frontend.Attributes.Add(Attr("host.id", "host-" + variant));
        checkout.Attributes.Add(Attr("host.id", "host-1"));
        checkout.Attributes.Add(Attr("k8s.node.name", "node-" + variant));
        worker.Attributes.Add(Attr("k8s.node.name", string.Empty));
        worker.Attributes.Add(Attr("host.id", "host-9"));
        var root = NewSpan(trace, 1, 0, "GET /checkout", Span.Types.SpanKind.Server, start, 400);
        root.Attributes.Add(Attr("http.method", "GET"));
        var call = NewSpan(trace, 2, 1, "POST /pay", Span.Types.SpanKind.Client, start + 10_000_000, 300);
        call.Status = new Status();
        call.Attributes.Add(AllTypes(variant));
        var serve = NewSpan(trace, 3, 2, "POST /pay", Span.Types.SpanKind.Server, start + 20_000_000, 250);
        serve.Status = new Status { Code = Status.Types.StatusCode.Ok };
        serve.Attributes.Add(AllTypes(variant + 1));
        var query = NewSpan(trace, 4, 3, "SELECT orders", Span.Types.SpanKind.Client, start + 30_000_000, 40 + variant);
        query.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "deadline exceeded" };
        query.Attributes.Add(Attr("db.system", "postgresql"));
        query.Attributes.Add(Attr("db.name", "orders"));
        var publish = NewSpan(trace, 5, 3, "publish order", Span.Types.SpanKind.Producer, start + 80_000_000, 5);
        publish.Status = new Status { Message = "unset with a message" };
        publish.TraceState = "ot=th:8";
        var consume = NewSpan(trace, 6, 5, "consume order", Span.Types.SpanKind.Consumer, start + 120_000_000, 60);
        consume.Links.Add(new Span.Types.Link { TraceId = publish.TraceId, SpanId = publish.SpanId, TraceState = "k=v", Attributes = { Attr("link.kind", "follows") }, Flags = 0x301 });
        consume.DroppedLinksCount = 2;
        var work = NewSpan(trace, 7, 6, "work", Span.Types.SpanKind.Internal, start + 130_000_000, 30);
        for (var e = 0; e < 3 + variant; e++)
        {
            work.Events.Add(new Span.Types.Event { Name = "step-" + e, TimeUnixNano = start + 131_000_000UL + (ulong)e, Attributes = { Attr("step", e) }, DroppedAttributesCount = 1 });
        }

        work.DroppedEventsCount = 4;
        work.DroppedAttributesCount = 3;
        work.Flags = 0x101;
        var unspecified = NewSpan(trace, 8, 7, "sleep", Span.Types.SpanKind.Unspecified, start + 140_000_000, 10);

        return new TracesData
        {
            ResourceSpans =
            {
                Resources(frontend, "https://opentelemetry.io/schemas/1.21.0", Scope("frontend-lib", "1.0", root, call)),
                Resources(checkout, string.Empty, Scope("checkout-lib", string.Empty, serve, query), Scope(string.Empty, string.Empty, publish)),
                Resources(worker, "https://opentelemetry.io/schemas/1.24.0", Scope("worker-lib", "2.1", consume, work, unspecified)),
            },
        };
    }

    /// <summary>A client whose server never reports and a server without a client: virtual nodes on both sides.</summary>
    private static TracesData Unpaired(byte trace, ulong start)
    {
        var outbound = NewSpan(trace, 1, 0, "GET /rates", Span.Types.SpanKind.Client, start, 90);
        outbound.Attributes.Add(Attr("peer.service", "rates-api"));
        outbound.Attributes.Add(AllTypes(3));
        var inbound = NewSpan(trace, 2, 0, "GET /health", Span.Types.SpanKind.Server, start + 5_000_000, 3);
        inbound.Status = new Status { Code = Status.Types.StatusCode.Error };
        return new TracesData
        {
            ResourceSpans =
            {
                Resources(Resource("frontend"), string.Empty, Scope("frontend-lib", "1.0", outbound)),
                Resources(Resource("checkout"), string.Empty, Scope("checkout-lib", string.Empty, inbound)),
            },
        };
    }

    /// <summary>Resources without a service name or any attribute, resource attributes of every type, unicode names.</summary>
    private static TracesData Odd(byte trace, ulong start)
    {
        var anonymous = new Resource { Attributes = { Attr("host.name", "node-1"), AllTypes(5) }, DroppedAttributesCount = 7 };
        var typed = Resource("typed");
        typed.Attributes.Add(new KeyValue { Key = "res.int", Value = new AnyValue { IntValue = -42 } });
        typed.Attributes.Add(new KeyValue { Key = "res.double", Value = new AnyValue { DoubleValue = 0.1 } });
        typed.Attributes.Add(new KeyValue { Key = "res.bool", Value = new AnyValue { BoolValue = false } });
        typed.Attributes.Add(new KeyValue { Key = "res.array", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "x" }, new AnyValue { IntValue = 2 } } } } });
        var a = NewSpan(trace, 1, 0, "naïve ✓ span", Span.Types.SpanKind.Internal, start, 7);
        a.Status = new Status { Code = Status.Types.StatusCode.Ok, Message = "fine" };
        var b = NewSpan(trace, 2, 1, string.Empty, Span.Types.SpanKind.Server, start + 1_000_000, 2);
        b.Attributes.Add(AllTypes(6));
        b.Attributes.Add(Attr("attr.string", "duplicate key: the first occurrence counts"));
        var c = NewSpan(trace, 3, 2, "no resource", Span.Types.SpanKind.Producer, start + 2_000_000, 1);
        c.TraceState = "vendor=a,ot=th:c";
        return new TracesData
        {
            ResourceSpans =
            {
                Resources(anonymous, string.Empty, Scope("lib", "0.1", a)),
                Resources(typed, string.Empty, Scope(string.Empty, string.Empty, b)),
                new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { c } } } },
            },
        };
    }

    private static TracesData Merge(params TracesData[] parts)
    {
        var merged = new TracesData();
        foreach (var part in parts)
        {
            merged.ResourceSpans.Add(part.ResourceSpans);
        }

        return merged;
    }

    private static Span NewSpan(byte trace, byte span, byte parent, string name, Span.Types.SpanKind kind, ulong start, int milliseconds) => new()
    {
        TraceId = ByteString.CopyFrom([0x0d, 0x1f, .. new byte[13], trace]),
        SpanId = ByteString.CopyFrom([trace, .. new byte[6], span]),
        ParentSpanId = parent == 0 ? ByteString.Empty : ByteString.CopyFrom([trace, .. new byte[6], parent]),
        Name = name,
        Kind = kind,
        StartTimeUnixNano = start,
        EndTimeUnixNano = start + ((ulong)milliseconds * 1_000_000UL) + 123_457UL,
    };

    /// <summary>One attribute of each AnyValue type, values varied by <paramref name="variant"/>.</summary>
    private static KeyValue[] AllTypes(int variant) =>
    [
        Attr("attr.string", "value-" + variant),
        new() { Key = "attr.bool", Value = new AnyValue { BoolValue = variant % 2 == 0 } },
        new() { Key = "attr.int", Value = new AnyValue { IntValue = variant % 3 == 0 ? -7 : 300 + variant } },
        new() { Key = "attr.double", Value = new AnyValue { DoubleValue = variant % 2 == 0 ? 2.5 : -0.125 * variant } },
        new() { Key = "attr.bytes", Value = new AnyValue { BytesValue = ByteString.CopyFrom(0, 1, (byte)variant, 0xff) } },
        new()
        {
            Key = "attr.array",
            Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = variant }, new AnyValue { BoolValue = true }, new AnyValue { DoubleValue = 1.5 } } } },
        },
        new()
        {
            Key = "attr.kvlist",
            Value = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("inner", "v" + variant), new KeyValue { Key = "n", Value = new AnyValue { IntValue = 1 } } } } },
        },
        new() { Key = "attr.empty", Value = new AnyValue() },
    ];

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static Resource Resource(string service, string? instance = null)
    {
        var resource = new Resource { Attributes = { Attr("service.name", service), Attr("deployment.environment", "test") } };
        if (instance is not null)
        {
            resource.Attributes.Add(Attr("service.instance.id", instance));
        }

        return resource;
    }

    private static ScopeSpans Scope(string name, string version, params Span[] spans) => new()
    {
        Scope = name.Length == 0 ? null : new InstrumentationScope { Name = name, Version = version, Attributes = { Attr("scope.attr", name) } },
        SchemaUrl = version.Length == 0 ? string.Empty : "https://opentelemetry.io/schemas/1.20.0",
        Spans = { spans },
    };

    private static ResourceSpans Resources(Resource resource, string schemaUrl, params ScopeSpans[] scopes) => new()
    {
        Resource = resource,
        SchemaUrl = schemaUrl,
        ScopeSpans = { scopes },
    };
}
