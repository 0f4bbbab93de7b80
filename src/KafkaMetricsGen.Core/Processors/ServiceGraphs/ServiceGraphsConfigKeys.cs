namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>YAML keys of <c>metrics_generator.processor.service_graphs</c>, as Tempo spells them.</summary>
public static class ServiceGraphsConfigKeys
{
    public const string Section = "metrics_generator.processor.service_graphs";
    public const string Wait = "wait";
    public const string MaxItems = "max_items";
    public const string HistogramBuckets = "histogram_buckets";
    public const string Dimensions = "dimensions";
    public const string EnableClientServerPrefix = "enable_client_server_prefix";
    public const string EnableMessagingSystemLatencyHistogram = "enable_messaging_system_latency_histogram";
    public const string PeerAttributes = "peer_attributes";
    public const string SpanMultiplierKey = "span_multiplier_key";
    public const string EnableTracestateSpanMultiplier = "enable_tracestate_span_multiplier";
    public const string EnableVirtualNodeLabel = "enable_virtual_node_label";
    public const string DatabaseNameAttributes = "database_name_attributes";
    public const string FilterPolicies = "filter_policies";

    /// <summary>The full key path used in validation messages.</summary>
    public static string Path(string key) => Section + "." + key;
}
