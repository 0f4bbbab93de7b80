using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary><c>metrics_generator.registry</c> keys and defaults (spec §4.1).</summary>
public static class RegistrySchema
{
    public const string CollectionInterval = "collection_interval";
    public const string StaleDuration = "stale_duration";
    public const string ExternalLabels = "external_labels";
    public const string InjectTenantIdAs = "inject_tenant_id_as";
    public const string MaxLabelNameLength = "max_label_name_length";
    public const string MaxLabelValueLength = "max_label_value_length";
    public const string LimiterType = "limiter_type";

    public static readonly SectionSchema Section = new SectionSchema(
        ConfigField.Of(CollectionInterval, Positive(), TimeSpan.FromSeconds(15)),
        ConfigField.Of(StaleDuration, Positive(), TimeSpan.FromMinutes(15)),
        new ConfigField(ExternalLabels, ConfigSchema.StringMap, ConfigNode.Map()),
        ConfigField.Of(InjectTenantIdAs, ConfigSchema.String, string.Empty),
        ConfigField.Of(MaxLabelNameLength, ConfigSchema.PositiveInt, (long)RegistryDefaults.MaxLabelNameLength),
        ConfigField.Of(MaxLabelValueLength, ConfigSchema.PositiveInt, (long)RegistryDefaults.MaxLabelValueLength),
        ConfigField.Of(LimiterType, ConfigSchema.OneOf("limiter type", "series", "entity"), "series"));

    private static ConfigSchema Positive() =>
        ConfigSchema.Duration.Where(static n => GoDuration.Parse(n.Value!) > TimeSpan.Zero, "must be > 0");
}
