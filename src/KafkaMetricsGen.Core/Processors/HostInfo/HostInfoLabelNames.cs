namespace KafkaMetricsGen.Core.Processors.HostInfo;

/// <summary>The labels of the host-info gauge, as Tempo spells them.</summary>
public static class HostInfoLabelNames
{
    /// <summary>The host identifier's value.</summary>
    public const string GrafanaHostId = "grafana_host_id";

    /// <summary>The resource attribute the identifier was read from (one of <c>host_identifiers</c>).</summary>
    public const string HostSource = "host_source";
}
