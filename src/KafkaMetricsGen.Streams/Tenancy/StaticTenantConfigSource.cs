namespace KafkaMetricsGen.Streams.Tenancy;

/// <summary>The same settings for every tenant (no overrides file).</summary>
public sealed class StaticTenantConfigSource(TenantPipelineConfig config) : ITenantConfigSource
{
    public TenantPipelineConfig Get(string tenant) => config;
}
