namespace KafkaMetricsGen.Streams.Decode;

/// <summary>Defaults of the decode stage.</summary>
public static class DecodeDefaults
{
    /// <summary>The header Tempo and the OpenTelemetry Collector use for the tenant.</summary>
    public const string TenantHeader = "X-Scope-OrgID";

    /// <summary>Tempo's tenant when multitenancy is off.</summary>
    public const string DefaultTenant = "single-tenant";
}
