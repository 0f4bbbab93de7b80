namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>Keys of the per-tenant <c>metrics_generator</c> overrides block (Tempo's names, spec §5.1).</summary>
public static class OverrideKeys
{
    public const string Overrides = "overrides";
    public const string Defaults = "defaults";
    public const string PerTenantOverrideConfig = "per_tenant_override_config";
    public const string PerTenantOverridePeriod = "per_tenant_override_period";
    public const string UserConfigurableOverrides = "user_configurable_overrides";
    public const string MetricsGenerator = "metrics_generator";
    public const string Wildcard = "*";

    public const string Processors = "processors";
    public const string MaxActiveSeries = "max_active_series";
    public const string MaxActiveEntities = "max_active_entities";
    public const string MaxCardinalityPerLabel = "max_cardinality_per_label";
    public const string CollectionInterval = "collection_interval";
    public const string DisableCollection = "disable_collection";
    public const string GenerateNativeHistograms = "generate_native_histograms";
    public const string NativeHistogramBucketFactor = "native_histogram_bucket_factor";
    public const string NativeHistogramMaxBucketNumber = "native_histogram_max_bucket_number";
    public const string NativeHistogramMinResetDuration = "native_histogram_min_reset_duration";
    public const string TraceIdLabelName = "trace_id_label_name";
    public const string IngestionTimeRangeSlack = "ingestion_time_range_slack";
    public const string SpanNameSanitization = "span_name_sanitization";
    public const string RemoteWriteHeaders = "remote_write_headers";
    public const string RingSize = "ring_size";
    public const string Forwarder = "forwarder";
    public const string Processor = "processor";

    /// <summary>The worker's addition to Tempo's block: a remote-write endpoint for this tenant alone.</summary>
    public const string RemoteWriteUrl = "remote_write_url";

    public const string Classic = "classic";
    public const string Native = "native";
    public const string Both = "both";
    public const string DryRun = "dry_run";
    public const string Enabled = "enabled";
}
