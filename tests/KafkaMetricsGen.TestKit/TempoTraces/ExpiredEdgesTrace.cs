using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.TestKit.TempoTraces.MythicalTrace;
using static KafkaMetricsGen.TestKit.TempoTraces.Otlp;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace KafkaMetricsGen.TestKit.TempoTraces;

/// <summary>
/// Five spans in two resources without instrumentation scopes, timed as the mythical trace's first two spans: a root
/// server span, a client span under it matched by a server span in the other service, a database client span
/// (<c>db.system=mysql</c>), and a server span whose parent never arrives, so its edge expires.
/// </summary>
internal static class ExpiredEdgesTrace
{
    public static TracesData Build()
    {
        const string serverRoot = "da06579e57787587";
        const string client = RequesterSpanId;
        var t = new TraceBuilder(TraceId, Start);
        t.Add(Service("mythical-server"), null,
            t.Span(serverRoot, null, Kind.Server, "server-root", 0, RequesterDuration, Ok),
            t.Span(client, serverRoot, Kind.Client, "client-matched`", 0, RequesterDuration, Ok)); // the backtick is in the recorded name
        t.Add(Service("mythical-requester"), null,
            t.Span(ConnectSpanId, client, Kind.Server, "server-matched", ConnectStart, ConnectDuration, Unset),
            t.Span("de06579e57787587", client, Kind.Client, "db-access", ConnectStart, ConnectDuration, Unset, Str("db.system", "mysql")),
            t.Span("e206579e57787587", "e606579e57787587", Kind.Server, "unmatched", ConnectStart, ConnectDuration, Unset));
        return t.Build();
    }
}
