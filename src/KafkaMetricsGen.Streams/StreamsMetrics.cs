using Prometheus;

namespace KafkaMetricsGen.Streams;

/// <summary>Self-metrics of the Kafka topology that belong to no single stage folder.</summary>
public static class StreamsMetrics
{
    public static readonly Counter InvalidSubBatches = Metrics.CreateCounter(
        "kafka_metrics_gen_invalid_stage_records_total", "Internal-topic records that could not be read (skipped).");
}
