namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>Built-in values of the overrides machinery; the per-tenant registry defaults are <c>RegistryDefaults</c>.</summary>
public static class OverridesDefaults
{
    /// <summary>How often the overrides file is checked for changes (Tempo's <c>per_tenant_override_period</c>).</summary>
    public static readonly TimeSpan PerTenantOverridePeriod = TimeSpan.FromSeconds(10);
}
