using Prometheus;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>Self-metrics of the persistent edge store.</summary>
public static class EdgeStoreMetrics
{
    public static readonly Counter Restored = Metrics.CreateCounter(
        "kafka_metrics_gen_service_graph_edges_restored_total", "Pending service-graph edges restored from the edge store.", "tenant");

    public static readonly Counter Unreadable = Metrics.CreateCounter(
        "kafka_metrics_gen_service_graph_edges_unreadable_total", "Edge-store entries that could not be read or restored (deleted).", "tenant");

    public static readonly Counter Puts = Metrics.CreateCounter(
        "kafka_metrics_gen_service_graph_edge_store_puts_total", "Entries (segments of pending edges) written to the edge store, at commits.", "tenant");

    public static readonly Counter Deletes = Metrics.CreateCounter(
        "kafka_metrics_gen_service_graph_edge_store_deletes_total", "Entries deleted from the edge store (segments rewritten or gone, one-edge entries of older releases).", "tenant");

    public static readonly Counter EdgesWritten = Metrics.CreateCounter(
        "kafka_metrics_gen_service_graph_edges_written_total", "Pending edges written to the edge store (each in a segment entry), at commits.", "tenant");
}
