namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Tempo's names for the service-graph self-metrics; every one has a <c>tenant</c> label.</summary>
public static class ServiceGraphsSelfMetricNames
{
    /// <summary>New edges: stored, or complete on creation.</summary>
    public const string Edges = "tempo_metrics_generator_processor_service_graphs_edges";

    /// <summary>Edges that expired without becoming a virtual-node edge, by <c>unmatched_span_kind</c>.</summary>
    public const string ExpiredEdges = "tempo_metrics_generator_processor_service_graphs_expired_edges";

    /// <summary>Spans dropped because the store held <c>max_items</c> edges.</summary>
    public const string DroppedSpans = "tempo_metrics_generator_processor_service_graphs_dropped_spans";

    /// <summary>Edges dropped because their other side was filtered out.</summary>
    public const string DroppedEdges = "tempo_metrics_generator_processor_service_graphs_dropped_edges_total";

    /// <summary>Dropped-side cache insertions skipped because the cache was full.</summary>
    public const string DroppedSpanSideCacheOverflow = "tempo_metrics_generator_processor_service_graphs_dropped_span_side_cache_overflow_total";

    /// <summary>Label of <see cref="ExpiredEdges"/>: the span kind enum name of the side that was seen last.</summary>
    public const string UnmatchedSpanKindLabel = "unmatched_span_kind";
}
