namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>Names of the metrics the service-graphs processor writes.</summary>
public static class ServiceGraphsMetricNames
{
    public const string RequestTotal = "traces_service_graph_request_total";
    public const string RequestFailedTotal = "traces_service_graph_request_failed_total";
    public const string RequestServerSeconds = "traces_service_graph_request_server_seconds";
    public const string RequestClientSeconds = "traces_service_graph_request_client_seconds";
    public const string RequestMessagingSystemSeconds = "traces_service_graph_request_messaging_system_seconds";
    public const string ConnectionInfo = "traces_service_graph_connection_info";
}
