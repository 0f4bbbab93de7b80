namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// The <c>metrics_generator:</c> block in Tempo's shape. Keys Tempo has but the worker does not need (<c>ring</c>,
/// <c>traces_storage</c>, ...) are accepted and ignored so a Tempo configuration loads without edits.
/// </summary>
public static class MetricsGeneratorSchema
{
    public const string Key = "metrics_generator";
    public const string Processor = "processor";
    public const string SpanMetrics = "span_metrics";
    public const string ServiceGraphs = "service_graphs";
    public const string LocalBlocks = "local_blocks";
    public const string HostInfo = "host_info";
    public const string Registry = "registry";
    public const string Storage = "storage";
    public const string MetricsIngestionTimeRangeSlack = "metrics_ingestion_time_range_slack";

    public static readonly SectionSchema ProcessorSection = new(
        ConfigField.Of(SpanMetrics, SpanMetricsSchema.Section),
        ConfigField.Of(ServiceGraphs, ServiceGraphsSchema.Section),
        ConfigField.Of(LocalBlocks, LocalBlocksSchema.Section),
        ConfigField.Of(HostInfo, ConfigSchema.Any));

    public static readonly SectionSchema Section = new(
        ConfigField.Of(Processor, ProcessorSection),
        ConfigField.Of(Registry, RegistrySchema.Section),
        ConfigField.Of(Storage, StorageSchema.Section),
        ConfigField.Of(MetricsIngestionTimeRangeSlack, ConfigSchema.NonNegativeDuration, TimeSpan.FromSeconds(30)),
        ConfigField.Of("ring", ConfigSchema.Any),
        ConfigField.Of("traces_storage", ConfigSchema.Any),
        ConfigField.Of("traces_query_storage", ConfigSchema.Any),
        ConfigField.Of("query_timeout", ConfigSchema.Duration),
        ConfigField.Of("override_ring_key", ConfigSchema.String),
        ConfigField.Of("instance_id", ConfigSchema.String));

    /// <summary>Checks a whole <c>metrics_generator</c> block, including cross-key rules, collecting every error.</summary>
    public static void Check(ConfigNode? node, string path, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Items.Count;
        Section.Check(node, path, errors);
        if (errors.Items.Count != before)
        {
            return;
        }

        var effective = Section.WithDefaults(node)!;
        var registry = effective.GetSection(Registry);
        if (registry.GetDuration(RegistrySchema.StaleDuration) < registry.GetDuration(RegistrySchema.CollectionInterval))
        {
            // A series would be pruned before it is ever written.
            errors.Add(ConfigNode.Join(ConfigNode.Join(path, Registry), RegistrySchema.StaleDuration),
                "must be >= registry.collection_interval");
        }
    }
}
