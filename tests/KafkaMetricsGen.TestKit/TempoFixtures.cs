using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.TestKit.TempoTraces;
using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.TestKit.TempoTraces.Otlp;

namespace KafkaMetricsGen.TestKit;

/// <summary>
/// The traces of Tempo's service-graph tests, written in code under the names of Tempo's fixture files, as OTLP
/// TracesData or as the JSON Tempo stores them in (base64 ids, enum names, 64-bit integers as strings), optionally
/// re-timed so their fixed 2022 timestamps land where a test wants.
/// </summary>
public static class TempoFixtures
{
    // Every variant of the mythical trace changes only how its database client span names the database.
    private static readonly Dictionary<string, Func<TracesData>> Traces = new(StringComparer.Ordinal)
    {
        ["trace-with-both-db-attributes.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Identity = [Str("db.name", "postgres"), Str("db.namespace", "priority-db"), Str("db.system", "postgresql")],
        }),
        ["trace-with-db-namespace.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Identity = [Str("db.namespace", "mydb"), Str("db.system", "postgresql")],
        }),
        ["trace-with-db-system-and-system-name.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Identity = [Str("db.system", "mssql"), Str("db.system.name", "microsoft.sql_server")],
        }),
        ["trace-with-db-system-name.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Identity = [Str("db.system.name", "postgresql")],
        }),
        ["trace-with-expired-edges.json"] = ExpiredEdgesTrace.Build,
        ["trace-with-failed-requests.json"] = FailedRequestsTrace.Build,
        ["trace-with-queue-database.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded),
        ["trace-with-queue-database2.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Peer = [Str("server.address", "mythical-database"), Int("server.port", 5432)],
        }),
        ["trace-with-queue-database3.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Peer = [Str("peer.service", "mythical-database"), Int("server.port", 5432)],
        }),
        ["trace-with-queue-database4.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Peer = [Str("network.peer.address", "mythical-database"), Int("network.peer.port", 5432)],
        }),
        ["trace-with-queue-database5.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Peer = [Str("network.peer.address", "mythical-database")],
        }),
        ["trace-with-virtual-nodes.json"] = VirtualNodesTrace.Build,
        ["trace-without-database-name.json"] = () => MythicalTrace.Build(DatabaseCall.Recorded with
        {
            Identity = [Str("db.system", "postgresql")],
            Peer = [Str("server.address", "mythical-database"), Int("server.port", 5432)],
        }),
    };

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation("  "));

    /// <summary>Every fixture name.</summary>
    public static readonly string[] All = [.. Traces.Keys];

    /// <summary>The fixture as OTLP TracesData, a new instance on every call.</summary>
    public static TracesData Load(string fileName) =>
        Traces.TryGetValue(fileName, out var build) ? build() : throw new ArgumentException("no Tempo fixture named " + fileName, nameof(fileName));

    /// <summary>The fixture as Tempo's JSON: base64 ids, enum names, 64-bit integers as strings.</summary>
    public static string Json(string fileName) => Formatter.Format(Load(fileName));

    /// <summary>The fixture shifted in time so that its latest span end is <paramref name="latestEndUnixNano"/>.</summary>
    public static TracesData LoadRetimed(string fileName, ulong latestEndUnixNano)
    {
        var traces = Load(fileName);
        Retime(traces, latestEndUnixNano);
        return traces;
    }

    /// <summary>Shifts every span time so the latest end time becomes <paramref name="latestEndUnixNano"/>.</summary>
    public static void Retime(TracesData traces, ulong latestEndUnixNano)
    {
        var spans = traces.ResourceSpans.SelectMany(rs => rs.ScopeSpans).SelectMany(ss => ss.Spans).ToList();
        if (spans.Count == 0)
        {
            return;
        }

        var latest = spans.Max(s => s.EndTimeUnixNano);
        foreach (var span in spans)
        {
            span.StartTimeUnixNano = span.StartTimeUnixNano - latest + latestEndUnixNano;
            span.EndTimeUnixNano = span.EndTimeUnixNano - latest + latestEndUnixNano;
        }
    }

    /// <summary>The fixture as a span batch of <paramref name="tenant"/>.</summary>
    public static SpanBatch LoadBatch(string fileName, string tenant = "test-tenant", ulong? latestEndUnixNano = null)
    {
        var traces = latestEndUnixNano is { } t ? LoadRetimed(fileName, t) : Load(fileName);
        return SpanBatchFactory.From(traces, tenant);
    }
}
