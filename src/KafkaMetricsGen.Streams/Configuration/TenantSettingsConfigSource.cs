using System.Collections.Concurrent;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Configuration;

/// <summary>
/// Feeds the stages from <see cref="TenantSettingsProvider"/>: the tenant's current settings mapped to a
/// <see cref="TenantPipelineConfig"/>, rebuilt only when the settings' fingerprint changed, so an unchanged tenant keeps
/// the same instance (and its processors) across reloads.
/// </summary>
public sealed class TenantSettingsConfigSource : ITenantConfigSource
{
    private readonly TenantSettingsProvider _provider;
    private readonly ConcurrentDictionary<string, TenantPipelineConfig> _configs = new(StringComparer.Ordinal);

    public TenantSettingsConfigSource(TenantSettingsProvider provider)
    {
        _provider = provider;
    }

    public TenantPipelineConfig Get(string tenant)
    {
        var settings = _provider.Get(tenant);
        if (_configs.TryGetValue(tenant, out var config) && config.Fingerprint == settings.Fingerprint)
        {
            return config;
        }

        config = ToPipelineConfig(settings);
        _configs[tenant] = config;
        return config;
    }

    public static TenantPipelineConfig ToPipelineConfig(TenantSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var processors = settings.Processors;
        return new TenantPipelineConfig
        {
            Registry = settings.RegistryOptions,
            SpanMetrics = processors.SpanMetrics ? settings.SpanMetricsOptions : null,
            SpanMetricsSubprocessors = processors.SpanMetricsKinds,
            ServiceGraphs = processors.ServiceGraphs ? settings.ServiceGraphsOptions : null,
            ServiceGraphsSubProcessors = processors.ServiceGraphsKinds,
            HostInfo = processors.HostInfo ? settings.HostInfoOptions : null,
            LocalBlocks = processors.LocalBlocks,
            Fingerprint = settings.Fingerprint,
        };
    }
}
