using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// <c>metrics_generator.registry</c> and the per-tenant registry settings: the keys, written
/// only here, and the schema of the main configuration's section, with the defaults of <see cref="RegistryDefaults"/>.
/// </summary>
public static class RegistrySchema
{
    public const string Prefix = "metrics_generator.registry";
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

    // Per-tenant keys (overrides.<tenant>.metrics_generator), read by the tenancy layer.
    public const string MaxActiveSeries = "max_active_series";
    public const string MaxActiveEntities = "max_active_entities";
    public const string MaxCardinalityPerLabel = "max_cardinality_per_label";
    public const string SpanNameSanitization = "span_name_sanitization";
    public const string GenerateNativeHistograms = "generate_native_histograms";
    public const string NativeHistogramBucketFactor = "native_histogram_bucket_factor";
    public const string NativeHistogramMaxBucketNumber = "native_histogram_max_bucket_number";
    public const string NativeHistogramMinResetDuration = "native_histogram_min_reset_duration";
    public const string TraceIdLabelName = "trace_id_label_name";

    /// <summary>Values of <c>generate_native_histograms</c>.</summary>
    public const string Classic = "classic";
    public const string Native = "native";
    public const string Both = "both";

    /// <summary>Values of <c>span_name_sanitization</c> besides <c>""</c> (off).</summary>
    public const string DryRun = "dry_run";
    public const string Enabled = "enabled";

    public static readonly SectionSchema Section = new(
        ConfigField.Of(CollectionInterval, Positive(), TimeSpan.FromSeconds(RegistryDefaults.CollectionIntervalSeconds)),
        ConfigField.Of(StaleDuration, Positive(), TimeSpan.FromMinutes(RegistryDefaults.StaleDurationMinutes)),
        new ConfigField(ExternalLabels, ConfigSchema.StringMap, ConfigNode.Map()),
        ConfigField.Of(InjectTenantIdAs, ConfigSchema.String, string.Empty),
        ConfigField.Of(MaxLabelNameLength, ConfigSchema.PositiveInt, (long)RegistryDefaults.MaxLabelNameLength),
        ConfigField.Of(MaxLabelValueLength, ConfigSchema.PositiveInt, (long)RegistryDefaults.MaxLabelValueLength),
        ConfigField.Of(LimiterType, ConfigSchema.OneOf("limiter type", SeriesLimiter, EntityLimiter), SeriesLimiter),
        ConfigField.Of(WindowGrace, ConfigSchema.NonNegativeDuration, TimeSpan.FromSeconds(RegistryDefaults.WindowGraceSeconds)),
        ConfigField.Of(AllowedLateness, ConfigSchema.NonNegativeDuration, TimeSpan.FromSeconds(RegistryDefaults.AllowedLatenessSeconds)),
        ConfigField.Of(FutureSlack, ConfigSchema.NonNegativeDuration, TimeSpan.FromSeconds(RegistryDefaults.FutureSlackSeconds)));

    /// <summary>The full key path of a <c>metrics_generator.registry</c> key, as errors name it.</summary>
    public static string Path(string key) => Prefix + "." + key;

    /// <summary>The key path of a per-tenant key, as errors name it.</summary>
    public static string TenantPath(string key) => "overrides." + key;

    private static ConfigSchema Positive() =>
        ConfigSchema.Duration.Where(static n => GoDuration.Parse(n.Value!) > TimeSpan.Zero, "must be > 0");
}
