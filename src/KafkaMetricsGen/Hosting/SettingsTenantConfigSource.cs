using System.Collections.Concurrent;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Pipeline;

namespace KafkaMetricsGen.Hosting;

/// <summary>
/// Turns the effective per-tenant settings (config file + overrides, reloaded while running) into what the stages
/// build processors from. A tenant's pipeline config is rebuilt only when its settings' fingerprint changes.
/// </summary>
public sealed class SettingsTenantConfigSource(TenantSettingsProvider settings, RegistryOptions registry) : ITenantConfigSource
{
    private readonly ConcurrentDictionary<string, TenantPipelineConfig> _cache = new(StringComparer.Ordinal);

    public TenantPipelineConfig Get(string tenant)
    {
        var current = settings.Get(tenant);
        if (_cache.TryGetValue(tenant, out var cached) && cached.Fingerprint == current.Fingerprint)
        {
            return cached;
        }

        var built = Build(current);
        _cache[tenant] = built;
        return built;
    }

    private TenantPipelineConfig Build(TenantSettings s)
    {
        var processors = s.Processors;
        SpanMetricsOptions? spanMetrics = null;
        if (processors.SpanMetrics)
        {
            spanMetrics = OptionsBinder.SpanMetrics(s.SpanMetrics);
            if (processors.SpanMetricsLatencyResetsBuckets)
            {
                spanMetrics.HistogramBuckets = [.. SpanMetricsDefaults.HistogramBuckets()];
            }
        }

        return new TenantPipelineConfig
        {
            Registry = TenantRegistry(s),
            SpanMetrics = spanMetrics,
            SpanMetricsSubprocessors = processors.SpanMetricsKinds,
            ServiceGraphs = processors.ServiceGraphs ? OptionsBinder.ServiceGraphs(s.ServiceGraphs) : null,
            ServiceGraphsSubProcessors = processors.ServiceGraphsKinds,
            LocalBlocks = processors.LocalBlocks,
            Fingerprint = s.Fingerprint,
        };
    }

    private RegistryOptions TenantRegistry(TenantSettings s)
    {
        var options = new RegistryOptions
        {
            CollectionInterval = s.CollectionInterval > TimeSpan.Zero ? s.CollectionInterval : registry.CollectionInterval,
            StaleDuration = registry.StaleDuration,
            InjectTenantIdAs = registry.InjectTenantIdAs,
            MaxLabelNameLength = registry.MaxLabelNameLength,
            MaxLabelValueLength = registry.MaxLabelValueLength,
            MaxActiveSeries = (int)Math.Min(int.MaxValue, s.MaxActiveSeries),
            GenerateNativeHistograms = RegistryOptions.ParseHistogramMode(s.GenerateNativeHistograms),
            NativeHistogramBucketFactor = s.NativeHistogramBucketFactor,
            NativeHistogramMaxBucketNumber = (int)s.NativeHistogramMaxBucketNumber,
            NativeHistogramMinResetDuration = s.NativeHistogramMinResetDuration,
            TraceIdLabelName = s.TraceIdLabelName,
            DisableCollection = s.DisableCollection,
            WindowGrace = registry.WindowGrace,
            AllowedLateness = registry.AllowedLateness,
            FutureSlack = registry.FutureSlack,
        };
        foreach (var (name, value) in registry.ExternalLabels)
        {
            options.ExternalLabels[name] = value;
        }

        return options;
    }
}
