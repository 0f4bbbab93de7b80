using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.TestKit.TempoTraces.MythicalTrace;
using static KafkaMetricsGen.TestKit.TempoTraces.Otlp;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace KafkaMetricsGen.TestKit.TempoTraces;

/// <summary>
/// Three spans whose other side never arrives, timed as the mythical trace's first two spans: a root server span (its
/// client is a virtual <c>user</c>), a client span naming its server by <c>peer.service</c>, and a root consumer span in
/// another trace naming its producer by <c>peer.service</c>. Once expired they give three virtual-node edges.
/// </summary>
internal static class VirtualNodesTrace
{
    public const string ConsumerTraceId = "ab4a390ad2fe3b8534404c9f7223a390";

    public static TracesData Build()
    {
        var t = new TraceBuilder(TraceId, Start);
        var consumerTrace = new TraceBuilder(ConsumerTraceId, Start);
        t.Add(Service("mythical-server"), Scope("mythical-server"),
            t.Span(RequesterSpanId, null, Kind.Server, "requester", 0, RequesterDuration, Ok, Str("beast", "manticore")));
        t.Add(Service("mythical-requester"), MythicalSystem.Net,
            t.Span(ConnectSpanId, RequesterSpanId, Kind.Client, "HTTP GET /ready", ConnectStart, ConnectDuration, Unset, Str("peer.service", "external-payments-platform")));
        t.Add(Service("internal-consumer"), MythicalSystem.Net,
            consumerTrace.Span("4d9b38bfb7504f8d", null, Kind.Consumer, "Consumed", ConnectStart, ConnectDuration, Unset, Str("peer.service", "external-producer")));
        return t.Build();
    }
}
