using Prometheus;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>Self-metrics of the decode and route stages.</summary>
public static class IngestMetrics
{
    public const string DeadLetterRecordsName = "kafka_metrics_gen_dead_letter_records_total";

    public const string TopicLabel = "topic";

    public const string ReasonLabel = "reason";

    /// <summary>Input records sent to the dead-letter topic, by input topic and decode failure reason.</summary>
    public static readonly Counter DeadLetterRecords = Metrics.CreateCounter(
        DeadLetterRecordsName, "Input records that could not be decoded and went to the dead-letter topic.", TopicLabel, ReasonLabel);
}
