using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// The <c>metrics_generator:</c> block in Tempo's shape. Keys for machinery the worker replaces (<c>ring</c>, ...) are
/// accepted and reported at start as ignored, so a Tempo configuration loads without edits; keys for behaviour the
/// worker lacks are refused with the reason.
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
    public const string TracesStorage = "traces_storage";

    /// <summary>Tempo's record codec of <c>ingest.kafka.topic</c>: <c>push-bytes</c> (default) or <c>otlp</c>.</summary>
    public const string Codec = "codec";

    /// <summary>Why the ring keys are ignored.</summary>
    public const string NoRingReason = "the worker has no generator ring: the Kafka consumer group spreads partitions over the workers";


    public static readonly SectionSchema ProcessorSection = new(
        ConfigField.Of(SpanMetrics, SpanMetricsSchema.Section),
        ConfigField.Of(ServiceGraphs, ServiceGraphsSchema.Section),
        ConfigField.Of(LocalBlocks, LocalBlocksSchema.Section),
        ConfigField.Of(HostInfo, HostInfoSchema.Section));

    /// <summary><c>traces_storage</c>: only <c>path</c>, the directory of the local-blocks stores.</summary>
    public static readonly SectionSchema TracesStorageSection = new(
        ConfigField.Of(StorageSchema.Path, ConfigSchema.String));

    public static readonly SectionSchema Section = new(
        ConfigField.Of(Processor, ProcessorSection),
        ConfigField.Of(Registry, RegistrySchema.Section),
        ConfigField.Of(Storage, StorageSchema.Section),
        ConfigField.Of(MetricsIngestionTimeRangeSlack, ConfigSchema.NonNegativeDuration),
        ConfigField.Of("ring", ConfigSchema.Ignored(NoRingReason)),
        ConfigField.Of(TracesStorage, TracesStorageSection),
        ConfigField.Of("traces_query_storage", ConfigSchema.Ignored("local-blocks queries read the stores under traces_storage.path")),
        ConfigField.Of("query_timeout", ConfigSchema.Unsupported("local-blocks queries run without a timeout")),
        ConfigField.Of("override_ring_key", ConfigSchema.Ignored(NoRingReason)),
        ConfigField.Of("instance_id", ConfigSchema.Ignored(NoRingReason)),
        ConfigField.Of("ring_mode", ConfigSchema.Ignored(NoRingReason)),
        ConfigField.Of("ingest_concurrency", ConfigSchema.Ignored("each stream task decodes the records of its own partitions")),
        ConfigField.Of("leave_consumer_group_on_shutdown", ConfigSchema.Ignored("Kafka Streams manages the consumer group's membership")),
        ConfigField.Of("skip_stale_backlog_on_startup", ConfigSchema.Unsupported(
            "a restart resumes from the committed offsets and counts the backlog by event time; to skip it, move the group's offsets")),
        ConfigField.Of(Codec, new TranslatedSchema(ConfigSchema.OneOf("codec", Codecs.PushBytes, Codecs.TempoOtlp))));

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
