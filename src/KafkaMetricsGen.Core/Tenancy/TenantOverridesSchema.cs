using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>Schema of one tenant's overrides (the <c>defaults</c> block and every entry of the overrides file).</summary>
public static class TenantOverridesSchema
{
    private static readonly ConfigSchema PositiveDuration = ConfigSchema.NonNegativeDuration;

    public static readonly SectionSchema ProcessorSection = new(
        ConfigField.Of(MetricsGeneratorSchema.SpanMetrics, SpanMetricsSchema.Section),
        ConfigField.Of(MetricsGeneratorSchema.ServiceGraphs, ServiceGraphsSchema.Overridable),
        ConfigField.Of(MetricsGeneratorSchema.LocalBlocks, LocalBlocksSchema.Overridable),
        ConfigField.Of(MetricsGeneratorSchema.HostInfo, ConfigSchema.Any));

    /// <summary>The <c>metrics_generator</c> block of one tenant.</summary>
    public static readonly SectionSchema MetricsGenerator = new(
        ConfigField.Of(OverrideKeys.Processors, ConfigSchema.ListOf(ConfigSchema.OneOf("processor", ProcessorSelection.KnownNames))),
        ConfigField.Of(OverrideKeys.MaxActiveSeries, ConfigSchema.NonNegativeInt),
        ConfigField.Of(OverrideKeys.MaxActiveEntities, ConfigSchema.NonNegativeInt),
        ConfigField.Of(OverrideKeys.MaxCardinalityPerLabel, ConfigSchema.NonNegativeInt),
        ConfigField.Of(OverrideKeys.CollectionInterval, PositiveDuration),
        ConfigField.Of(OverrideKeys.DisableCollection, ConfigSchema.Bool),
        ConfigField.Of(OverrideKeys.GenerateNativeHistograms, ConfigSchema.OneOf("histogram mode", OverrideKeys.Classic, OverrideKeys.Native, OverrideKeys.Both)),
        ConfigField.Of(OverrideKeys.NativeHistogramBucketFactor, ConfigSchema.Double.Where(
            static n => ConfigScalars.ParseDouble(n.Value!) is 0 or > 1, "must be > 1 (0 uses the default)")),
        ConfigField.Of(OverrideKeys.NativeHistogramMaxBucketNumber, ConfigSchema.NonNegativeInt),
        ConfigField.Of(OverrideKeys.NativeHistogramMinResetDuration, PositiveDuration),
        ConfigField.Of(OverrideKeys.TraceIdLabelName, ConfigSchema.String),
        ConfigField.Of(OverrideKeys.IngestionTimeRangeSlack, PositiveDuration),
        ConfigField.Of(OverrideKeys.SpanNameSanitization, new ScalarSchema("one of \"\", dry_run, enabled",
            static s => s is "" or OverrideKeys.DryRun or OverrideKeys.Enabled)),
        ConfigField.Of(OverrideKeys.RemoteWriteHeaders, ConfigSchema.StringMap),
        ConfigField.Of(OverrideKeys.RemoteWriteUrl, ConfigSchema.String.Where(
            static n => StorageSchema.IsHttpUrl(n.Value!), "must be an absolute http:// or https:// URL")),
        ConfigField.Of(OverrideKeys.RingSize, ConfigSchema.NonNegativeInt),
        ConfigField.Of(OverrideKeys.Forwarder, ConfigSchema.Any),
        ConfigField.Of(OverrideKeys.Processor, ProcessorSection));

    /// <summary>
    /// One tenant's entry. Tempo's other modules (<c>ingestion</c>, <c>read</c>, ...) share the file; their blocks are
    /// accepted and ignored so an existing Tempo overrides file loads unchanged.
    /// </summary>
    public static readonly SectionSchema Tenant = new(
        ConfigField.Of(OverrideKeys.MetricsGenerator, MetricsGenerator),
        ConfigField.Of("ingestion", ConfigSchema.Any),
        ConfigField.Of("read", ConfigSchema.Any),
        ConfigField.Of("compaction", ConfigSchema.Any),
        ConfigField.Of("forwarders", ConfigSchema.Any),
        ConfigField.Of("global", ConfigSchema.Any),
        ConfigField.Of("storage", ConfigSchema.Any),
        ConfigField.Of("cost_attribution", ConfigSchema.Any));

    /// <summary>The runtime overrides file: <c>overrides: { "&lt;tenant&gt;": {...} }</c>.</summary>
    public static readonly SectionSchema File = new(
        ConfigField.Of(OverrideKeys.Overrides, ConfigSchema.MapOf(Tenant)));

    /// <summary>The <c>overrides:</c> section of the main configuration.</summary>
    public static readonly SectionSchema Section = new(
        ConfigField.Of(OverrideKeys.Defaults, Tenant),
        ConfigField.Of(OverrideKeys.PerTenantOverrideConfig, ConfigSchema.String),
        ConfigField.Of(OverrideKeys.PerTenantOverridePeriod, ConfigSchema.Duration.Where(
            static n => GoDuration.Parse(n.Value!) > TimeSpan.Zero, "must be > 0"), OverridesDefaults.PerTenantOverridePeriod),
        ConfigField.Of(OverrideKeys.UserConfigurableOverrides, ConfigSchema.Any));
}
