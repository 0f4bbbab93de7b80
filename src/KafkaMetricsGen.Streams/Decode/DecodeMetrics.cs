using Prometheus;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>Self-metrics of the decode stage.</summary>
public static class DecodeMetrics
{
    public static readonly Counter DeadLetterRecords = Metrics.CreateCounter(
        "kafka_metrics_gen_dead_letter_records_total", "Undecodable records sent to the dead-letter topic.", "topic", "reason");
}
