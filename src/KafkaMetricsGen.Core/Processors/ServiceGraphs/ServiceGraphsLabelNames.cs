namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Label names and fixed label values of service-graph series.</summary>
public static class ServiceGraphsLabelNames
{
    public const string Client = "client";
    public const string Server = "server";
    public const string ConnectionType = "connection_type";
    public const string VirtualNode = "virtual_node";

    /// <summary>Prefixes of dimension labels with <c>enable_client_server_prefix</c>.</summary>
    public const string ClientPrefix = "client_";
    public const string ServerPrefix = "server_";

    /// <summary><c>virtual_node</c> values: which side was inferred.</summary>
    public const string VirtualNodeClient = "client";
    public const string VirtualNodeServer = "server";

    /// <summary>The client of a root server span with no caller and no peer attribute.</summary>
    public const string UnknownClient = "user";
}
