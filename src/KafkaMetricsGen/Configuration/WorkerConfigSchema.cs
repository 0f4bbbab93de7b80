using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Configuration;

namespace KafkaMetricsGen.Configuration;

/// <summary>
/// The top level of the configuration file: Tempo's <c>metrics_generator</c> and <c>overrides</c>, plus the worker's
/// <c>kafka</c> and <c>server</c>. The rest of a whole <c>tempo.yaml</c> (its other modules) is accepted and reported at
/// start as ignored, one line per section.
/// </summary>
public static class WorkerConfigSchema
{
    /// <summary>Tempo's top-level keys for its other modules and process settings (3.x, and 2.x's ingester and compactor).</summary>
    public static readonly string[] TempoOtherSections =
    [
        "target", "auth_enabled", "multitenancy_enabled", "shutdown_delay", "stream_over_http_enabled", "http_api_prefix",
        "enable_go_runtime_metrics", "span_profiling", "automemlimit_enabled", "automemlimit_ratio", "memory", "internal_server",
        "distributor", "metrics_generator_client", "live_store_client", "querier", "query_frontend", "block_builder", "storage",
        "memberlist", "usage_report", "cache", "backend_scheduler", "backend_scheduler_client", "backend_worker", "live_store",
        "ingester", "ingester_client", "compactor",
    ];

    public static readonly SectionSchema Root = new(
        new[]
        {
            ConfigField.Of(MetricsGeneratorSchema.Key, MetricsGeneratorSchema.Section),
            ConfigField.Of(KafkaOptions.SectionKey, KafkaSection.Schema),
            ConfigField.Of(OverrideKeys.Overrides, TenantOverridesSchema.Section),
            ConfigField.Of(ServerOptions.SectionKey, ServerOptions.Schema),
            ConfigField.Of(TempoIngestSection.Key, new TranslatedSchema(TempoIngestSection.Schema)),
        }.Concat(TempoOtherSections.Select(static key => ConfigField.Of(key, ConfigSchema.Ignored("another Tempo module's settings")))));

    /// <summary>The top-level keys the worker reads, as an unknown key's error lists them.</summary>
    public static string ReadKeys => string.Join(", ", Root.Fields.Select(static f => f.Key).Except(TempoOtherSections));

    /// <summary>Checks the whole tree, including the cross-key rules of <c>metrics_generator</c>.</summary>
    public static void Check(ConfigNode root, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(errors);
        if (root.Kind != ConfigNodeKind.Map)
        {
            Root.Check(root, string.Empty, errors);
            return;
        }

        foreach (var entry in root.Entries)
        {
            if (Root.Field(entry.Key) is null)
            {
                errors.Add(entry.Key, "unknown key (allowed: " + ReadKeys + "; Tempo's other sections are accepted and ignored)");
            }
            else if (entry.Key == MetricsGeneratorSchema.Key)
            {
                MetricsGeneratorSchema.Check(entry.Value, entry.Key, errors);
            }
            else
            {
                Root.Field(entry.Key)!.Schema.Check(entry.Value, entry.Key, errors);
            }
        }
    }
}
