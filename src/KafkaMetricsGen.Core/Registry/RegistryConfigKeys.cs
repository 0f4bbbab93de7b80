namespace KafkaMetricsGen.Core.Registry;

/// <summary>YAML key paths of the registry settings, as validation errors name them.</summary>
public static class RegistryConfigKeys
{
    public const string Prefix = "metrics_generator.registry.";
    public const string CollectionInterval = Prefix + "collection_interval";
    public const string StaleDuration = Prefix + "stale_duration";
    public const string ExternalLabels = Prefix + "external_labels";
    public const string InjectTenantIdAs = Prefix + "inject_tenant_id_as";
    public const string MaxLabelNameLength = Prefix + "max_label_name_length";
    public const string MaxLabelValueLength = Prefix + "max_label_value_length";
    public const string WindowGrace = Prefix + "window_grace";
    public const string AllowedLateness = Prefix + "allowed_lateness";
    public const string FutureSlack = Prefix + "future_slack";
    public const string MaxActiveSeries = "overrides.max_active_series";
    public const string GenerateNativeHistograms = "overrides.generate_native_histograms";
    public const string NativeHistogramBucketFactor = "overrides.native_histogram_bucket_factor";
    public const string NativeHistogramMaxBucketNumber = "overrides.native_histogram_max_bucket_number";
    public const string NativeHistogramMinResetDuration = "overrides.native_histogram_min_reset_duration";
    public const string TraceIdLabelName = "overrides.trace_id_label_name";

    /// <summary>Values of <c>generate_native_histograms</c>.</summary>
    public const string ModeClassic = "classic";
    public const string ModeNative = "native";
    public const string ModeBoth = "both";
}
