using Prometheus;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>Self-metrics of the sink stage's unsent-window store (<see cref="UnsentWindows"/>).</summary>
public static class SinkMetrics
{
    public static readonly Counter UnsentWindowsDropped = Metrics.CreateCounter(
        SinkMetricNames.UnsentWindowsDropped,
        "Unsent windows removed from the state store before they were sent, by reason.",
        SinkMetricNames.LabelTenant,
        SinkMetricNames.LabelReason);

    public static readonly Counter UnsentWindowsRestored = Metrics.CreateCounter(
        SinkMetricNames.UnsentWindowsRestored,
        "Unsent windows queued again from the state store after a restart or rebalance.",
        SinkMetricNames.LabelTenant);
}
