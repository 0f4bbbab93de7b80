namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>Built-in values of the per-tenant settings (Tempo's, spec §4.6, §5.1).</summary>
public static class OverridesDefaults
{
    /// <summary>How often the overrides file is checked for changes (Tempo's <c>per_tenant_override_period</c>).</summary>
    public static readonly TimeSpan PerTenantOverridePeriod = TimeSpan.FromSeconds(10);

    public const string GenerateNativeHistograms = OverrideKeys.Classic;

    /// <summary>Growth factor between native histogram buckets; 1.1 gives schema 3.</summary>
    public const double NativeHistogramBucketFactor = 1.1;

    public const int NativeHistogramMaxBucketNumber = 100;

    public static readonly TimeSpan NativeHistogramMinResetDuration = TimeSpan.FromMinutes(15);

    /// <summary>Exemplar label that carries the trace id.</summary>
    public const string TraceIdLabelName = "traceID";
}
