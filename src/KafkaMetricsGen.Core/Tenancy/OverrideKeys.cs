using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>Keys of the per-tenant <c>metrics_generator</c> overrides block (Tempo's names).</summary>
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
    public const string MaxActiveSeries = RegistrySchema.MaxActiveSeries;
    public const string MaxActiveEntities = RegistrySchema.MaxActiveEntities;
    public const string MaxCardinalityPerLabel = RegistrySchema.MaxCardinalityPerLabel;
    public const string CollectionInterval = RegistrySchema.CollectionInterval;
    public const string DisableCollection = "disable_collection";
    public const string GenerateNativeHistograms = RegistrySchema.GenerateNativeHistograms;
    public const string NativeHistogramBucketFactor = RegistrySchema.NativeHistogramBucketFactor;
    public const string NativeHistogramMaxBucketNumber = RegistrySchema.NativeHistogramMaxBucketNumber;
    public const string NativeHistogramMinResetDuration = RegistrySchema.NativeHistogramMinResetDuration;
    public const string TraceIdLabelName = RegistrySchema.TraceIdLabelName;
    public const string IngestionTimeRangeSlack = "ingestion_time_range_slack";
    public const string SpanNameSanitization = RegistrySchema.SpanNameSanitization;
    public const string RemoteWriteHeaders = "remote_write_headers";
    public const string RingSize = "ring_size";
    public const string Forwarder = "forwarder";
    public const string Processor = "processor";

    /// <summary>The worker's addition to Tempo's block: a remote-write endpoint for this tenant alone.</summary>
    public const string RemoteWriteUrl = "remote_write_url";

    public const string Classic = RegistrySchema.Classic;
    public const string Native = RegistrySchema.Native;
    public const string Both = RegistrySchema.Both;
    public const string DryRun = RegistrySchema.DryRun;
    public const string Enabled = RegistrySchema.Enabled;
}
