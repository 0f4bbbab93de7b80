using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>Self-metrics of the decode stage.</summary>
public static class DecodeMetrics
{
    public const string DeadLetterRecordsName = "kafka_metrics_gen_dead_letter_records_total";

    /// <summary>
    /// Records the decode stage could not decode, by input topic, reason (<see cref="Core.Ingest.DecodeFailureReasons"/>)
    /// and tenant (record key for push-bytes, else the tenant header, else the default tenant).
    /// </summary>
    public static readonly Counter DeadLetterRecords = Metrics.CreateCounter(
        DeadLetterRecordsName, "Undecodable records sent to the dead-letter topic.", "topic", SelfMetricLabels.Reason, SelfMetricLabels.Tenant);

    public const string DeadLetterTruncatedName = "kafka_metrics_gen_dead_letter_truncated_records_total";

    /// <summary>Dead-letter copies sent with a truncated value because the whole record does not fit (also counted in <see cref="DeadLetterRecords"/>).</summary>
    public static readonly Counter DeadLetterTruncated = Metrics.CreateCounter(
        DeadLetterTruncatedName, "Dead-letter copies whose value was truncated to fit the dead-letter topic.", "topic", SelfMetricLabels.Reason, SelfMetricLabels.Tenant);
}
