namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>The metric kinds the span-metrics processor writes; target_info is independent of these.</summary>
[Flags]
public enum SpanMetricsSubprocessor
{
    None = 0,

    /// <summary><c>span-metrics-count</c>: traces_spanmetrics_calls_total.</summary>
    Count = 1,

    /// <summary><c>span-metrics-latency</c>: traces_spanmetrics_latency.</summary>
    Latency = 2,

    /// <summary><c>span-metrics-size</c>: traces_spanmetrics_size_total.</summary>
    Size = 4,

    All = Count | Latency | Size,
}
