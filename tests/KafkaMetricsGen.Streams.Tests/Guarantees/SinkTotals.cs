using KafkaMetricsGen.Streams.Sink;

namespace KafkaMetricsGen.Streams.Guarantees;

/// <summary>Sums over the latest values a <see cref="LatestValuesSink"/> holds.</summary>
internal static class SinkTotals
{
    public const string Calls = "traces_spanmetrics_calls_total";

    public const string Requests = "traces_service_graph_request_total";

    public static double Total(LatestValuesSink sink, string metric) =>
        sink.Tenants.SelectMany(sink.Samples).Where(s => s.Metric == metric).Sum(s => s.Value);

    public static double Edge(LatestValuesSink sink, string client, string server) =>
        sink.Tenants.SelectMany(sink.Samples)
            .Where(s => s.Metric == Requests && s.Label("client") == client && s.Label("server") == server)
            .Sum(s => s.Value);

    /// <summary>Requests of edges with a virtual side (<c>user</c> or an uninstrumented peer).</summary>
    public static double VirtualEdges(LatestValuesSink sink) =>
        sink.Tenants.SelectMany(sink.Samples)
            .Where(s => s.Metric == Requests && (s.Label("connection_type") == "virtual_node" || s.Label("client") == "user"))
            .Sum(s => s.Value);
}
