namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>Names of the series families the span-metrics processor writes.</summary>
public static class SpanMetricsMetricNames
{
    public const string Calls = "traces_spanmetrics_calls_total";
    public const string Latency = "traces_spanmetrics_latency";
    public const string Size = "traces_spanmetrics_size_total";
    public const string TargetInfo = "traces_target_info";
}
