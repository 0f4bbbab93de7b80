namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Values of the <c>connection_type</c> label; the empty string means the label is absent.</summary>
public static class ConnectionTypeNames
{
    public const string MessagingSystem = "messaging_system";
    public const string Database = "database";
    public const string VirtualNode = "virtual_node";

    public static string ToLabelValue(ConnectionType type) => type switch
    {
        ConnectionType.MessagingSystem => MessagingSystem,
        ConnectionType.Database => Database,
        ConnectionType.VirtualNode => VirtualNode,
        _ => string.Empty,
    };
}
