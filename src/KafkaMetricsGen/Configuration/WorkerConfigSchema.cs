using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Configuration;

namespace KafkaMetricsGen.Configuration;

/// <summary>The top level of the configuration file: Tempo's <c>metrics_generator</c> and <c>overrides</c>, plus the worker's <c>kafka</c> and <c>server</c>.</summary>
public static class WorkerConfigSchema
{
    public static readonly SectionSchema Root = new(
        ConfigField.Of(MetricsGeneratorSchema.Key, MetricsGeneratorSchema.Section),
        ConfigField.Of(KafkaOptions.SectionKey, KafkaSection.Schema),
        ConfigField.Of(OverrideKeys.Overrides, TenantOverridesSchema.Section),
        ConfigField.Of(ServerOptions.SectionKey, ServerOptions.Schema));

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
                errors.Add(entry.Key, "unknown key (allowed: " + Root.AllowedKeys + ")");
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
