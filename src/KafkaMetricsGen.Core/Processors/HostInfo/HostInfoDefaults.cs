namespace KafkaMetricsGen.Core.Processors.HostInfo;

/// <summary>Tempo's host-info defaults.</summary>
public static class HostInfoDefaults
{
    /// <summary><c>metric_name</c>: the info gauge's name.</summary>
    public const string MetricName = "traces_host_info";

    /// <summary><c>host_identifiers</c>: resource attributes tried in this order; the first with a string value names the host.</summary>
    public static IReadOnlyList<string> HostIdentifiers { get; } = ["k8s.node.name", "host.id"];
}
