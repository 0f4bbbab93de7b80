using Prometheus;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>The worker's Kafka and stream self-metrics (prometheus-net default registry, served on /metrics).</summary>
public static class TelemetryMetrics
{
    public static readonly Gauge AssignedPartitions = Metrics.CreateGauge(
        TelemetryMetricNames.AssignedPartitions, "Input partitions assigned to this instance.");

    public static readonly Gauge PartitionLag = Metrics.CreateGauge(
        TelemetryMetricNames.PartitionLag,
        "Records between the consumer group's committed offset and the partition's high watermark.",
        TelemetryMetricNames.GroupLabel,
        TelemetryMetricNames.TopicLabel,
        TelemetryMetricNames.PartitionLabel);

    public static readonly Gauge PartitionLagSeconds = Metrics.CreateGauge(
        TelemetryMetricNames.PartitionLagSeconds,
        "Age of the oldest record the consumer group has not committed yet (0 when caught up).",
        TelemetryMetricNames.GroupLabel,
        TelemetryMetricNames.TopicLabel,
        TelemetryMetricNames.PartitionLabel);

    public static readonly Histogram WindowCloseDelay = Metrics.CreateHistogram(
        TelemetryMetricNames.WindowCloseDelay,
        "Wall clock minus the end of the newest window written to the sinks.",
        new HistogramConfiguration { LabelNames = [TelemetryMetricNames.TenantLabel], Buckets = TelemetryDefaults.WindowCloseDelayBuckets });

    public static readonly Gauge RemoteWriteFailing = Metrics.CreateGauge(
        TelemetryMetricNames.RemoteWriteFailing, "1 while a remote-write endpoint is retrying a failed send, else 0.");
}
