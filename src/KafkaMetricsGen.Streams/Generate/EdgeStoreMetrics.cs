using Prometheus;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>Self-metrics of the persistent edge store.</summary>
public static class EdgeStoreMetrics
{
    public static readonly Counter Restored = Metrics.CreateCounter(
        "kafka_metrics_gen_service_graph_edges_restored_total", "Pending service-graph edges restored from the edge store.", "tenant");

    public static readonly Counter Unreadable = Metrics.CreateCounter(
        "kafka_metrics_gen_service_graph_edges_unreadable_total", "Edge-store entries that could not be read or restored (deleted).", "tenant");
}
