namespace KafkaMetricsGen.Core.Configuration;

/// <summary><c>metrics_generator.processor.service_graphs</c> keys and defaults (spec §2.9).</summary>
public static class ServiceGraphsSchema
{
    public const string Wait = "wait";
    public const string MaxItems = "max_items";
    public const string Workers = "workers";
    public const string HistogramBucketsKey = "histogram_buckets";
    public const string Dimensions = "dimensions";
    public const string EnableClientServerPrefix = "enable_client_server_prefix";
    public const string EnableMessagingSystemLatencyHistogram = "enable_messaging_system_latency_histogram";
    public const string PeerAttributes = "peer_attributes";
    public const string SpanMultiplierKey = "span_multiplier_key";
    public const string EnableTracestateSpanMultiplier = "enable_tracestate_span_multiplier";
    public const string EnableVirtualNodeLabel = "enable_virtual_node_label";
    public const string DatabaseNameAttributes = "database_name_attributes";
    public const string FilterPolicies = "filter_policies";

    /// <summary>Keys that only the main configuration may set (spec §2.9: not overridable per tenant).</summary>
    public static readonly string[] NotOverridable = [Wait, MaxItems, Workers, DatabaseNameAttributes];

    public static readonly SectionSchema Section = new(
        ConfigField.Of(Wait, ConfigSchema.Duration.Where(static n => GoDuration.Parse(n.Value!) > TimeSpan.Zero, "must be > 0"), TimeSpan.FromSeconds(10)),
        ConfigField.Of(MaxItems, ConfigSchema.PositiveInt, 10_000L),
        ConfigField.Of(Workers, ConfigSchema.Ignored("pending edges expire on the task's punctuation; there is no pool of expiry workers")),
        ConfigField.Doubles(HistogramBucketsKey, HistogramBuckets.Exponential(0.1, 2, 8)) with { Schema = HistogramBuckets.Schema },
        ConfigField.Strings(Dimensions),
        ConfigField.Of(EnableClientServerPrefix, ConfigSchema.Bool, false),
        ConfigField.Of(EnableMessagingSystemLatencyHistogram, ConfigSchema.Bool, false),
        ConfigField.Strings(PeerAttributes, "peer.service", "db.name", "db.system", "db.system.name"),
        ConfigField.Of(SpanMultiplierKey, ConfigSchema.String, string.Empty),
        ConfigField.Of(EnableTracestateSpanMultiplier, ConfigSchema.Bool, false),
        ConfigField.Of(EnableVirtualNodeLabel, ConfigSchema.Bool, false),
        ConfigField.Strings(DatabaseNameAttributes, "db.namespace", "db.name", "db.system", "db.system.name"),
        new ConfigField(FilterPolicies, FilterPolicySchema.List, ConfigNode.List()));

    /// <summary>What a tenant may override: the section minus <see cref="NotOverridable"/>.</summary>
    public static readonly SectionSchema Overridable = new(Section.Fields.Where(static f => Array.IndexOf(NotOverridable, f.Key) < 0));
}
