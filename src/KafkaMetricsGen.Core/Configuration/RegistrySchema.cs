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
    public const string SeriesLimiter = "series";
    public const string EntityLimiter = "entity";

    /// <summary>Ours: a window closes when the watermark passes its end plus this.</summary>
    public const string WindowGrace = "window_grace";

    /// <summary>Ours: how far behind the watermark a span still counts in its own window.</summary>
    public const string AllowedLateness = "allowed_lateness";

    /// <summary>Ours: spans further ahead of the watermark and clock are rejected.</summary>
    public const string FutureSlack = "future_slack";

    public static readonly SectionSchema Section = new(
        ConfigField.Of(CollectionInterval, Positive(), TimeSpan.FromSeconds(15)),
        ConfigField.Of(StaleDuration, Positive(), TimeSpan.FromMinutes(15)),
        new ConfigField(ExternalLabels, ConfigSchema.StringMap, ConfigNode.Map()),
        ConfigField.Of(InjectTenantIdAs, ConfigSchema.String, string.Empty),
        ConfigField.Of(MaxLabelNameLength, ConfigSchema.PositiveInt, (long)RegistryDefaults.MaxLabelNameLength),
        ConfigField.Of(MaxLabelValueLength, ConfigSchema.PositiveInt, (long)RegistryDefaults.MaxLabelValueLength),
        ConfigField.Of(LimiterType, ConfigSchema.OneOf("limiter type", SeriesLimiter, EntityLimiter).Where(
            static n => n.Value != EntityLimiter, "entity: not supported: the entity limiter is not implemented; use series (max_active_series)"), SeriesLimiter),
        ConfigField.Of(WindowGrace, ConfigSchema.NonNegativeDuration, TimeSpan.FromSeconds(RegistryDefaults.WindowGraceSeconds)),
        ConfigField.Of(AllowedLateness, ConfigSchema.NonNegativeDuration, TimeSpan.FromSeconds(RegistryDefaults.AllowedLatenessSeconds)),
        ConfigField.Of(FutureSlack, ConfigSchema.NonNegativeDuration, TimeSpan.FromSeconds(RegistryDefaults.FutureSlackSeconds)));

    private static ConfigSchema Positive() =>
        ConfigSchema.Duration.Where(static n => GoDuration.Parse(n.Value!) > TimeSpan.Zero, "must be > 0");
}
