namespace KafkaMetricsGen.Streams.Tenancy;

/// <summary>The effective per-tenant settings; implementations may change their answer over time (overrides reload).</summary>
public interface ITenantConfigSource
{
    TenantPipelineConfig Get(string tenant);
}
