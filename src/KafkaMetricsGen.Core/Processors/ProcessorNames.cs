namespace KafkaMetricsGen.Core.Processors;

/// <summary>Processor and sub-processor names accepted in the per-tenant <c>processors</c> list.</summary>
public static class ProcessorNames
{
    public const string SpanMetrics = "span-metrics";
    public const string SpanMetricsCount = "span-metrics-count";
    public const string SpanMetricsLatency = "span-metrics-latency";
    public const string SpanMetricsSize = "span-metrics-size";
    public const string ServiceGraphs = "service-graphs";
    public const string ServiceGraphsRequest = "service-graphs-request";
    public const string ServiceGraphsLatency = "service-graphs-latency";
    public const string ServiceGraphsConnectionInfo = "service-graphs-connection-info";
    public const string LocalBlocks = "local-blocks";
    public const string HostInfo = "host-info";
}
