using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.TestKit;

/// <summary>
/// Tempo's service-graph fixtures (gogo-jsonpb Trace: base64 ids, enum names, int64 as strings), read from the shared
/// folder with Google.Protobuf's JSON parser, optionally re-timed so Tempo's fixed 2022 timestamps land where a test wants.
/// </summary>
public static class TempoFixtures
{
    /// <summary>Every fixture file name.</summary>
    public static readonly string[] All =
    [
        "trace-with-both-db-attributes.json",
        "trace-with-db-namespace.json",
        "trace-with-db-system-and-system-name.json",
        "trace-with-db-system-name.json",
        "trace-with-expired-edges.json",
        "trace-with-failed-requests.json",
        "trace-with-queue-database.json",
        "trace-with-queue-database2.json",
        "trace-with-queue-database3.json",
        "trace-with-queue-database4.json",
        "trace-with-queue-database5.json",
        "trace-with-virtual-nodes.json",
        "trace-without-database-name.json",
    ];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The fixture as OTLP TracesData.</summary>
    public static TracesData Load(string fileName) =>
        Parser.Parse<TracesData>(File.ReadAllText(RepositoryPaths.TempoFixture(fileName)));

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
