namespace KafkaMetricsGen.Streams.Worker;

/// <summary>Defaults of the worker's Kafka Streams settings.</summary>
public static class KafkaWorkerDefaults
{
    public const string ApplicationId = "kafka-metrics-gen";

    public const string StateDir = "/var/lib/kafka-metrics-gen";

    public const string AtLeastOnce = "at_least_once";

    public const string ExactlyOnce = "exactly_once";

    /// <summary>Exactly-once: a crash neither loses nor double-counts spans (see README for the measured cost).</summary>
    public const string ProcessingGuarantee = ExactlyOnce;

    /// <summary>10 s: a restarted worker rejoins its group quickly.</summary>
    public const int SessionTimeoutMs = 10_000;

    /// <summary>At-least-once commit interval, ms.</summary>
    public const long AtLeastOnceCommitIntervalMs = 1_000;
}
