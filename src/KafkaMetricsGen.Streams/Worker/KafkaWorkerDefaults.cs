using KafkaMetricsGen.Streams.Configuration;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>Defaults of the worker's Kafka Streams settings.</summary>
public static class KafkaWorkerDefaults
{
    public const string ApplicationId = KafkaDefaults.ApplicationId;

    public const string StateDir = "/var/lib/kafka-metrics-gen";

    public const string AtLeastOnce = ProcessingGuarantees.AtLeastOnce;

    public const string ExactlyOnce = ProcessingGuarantees.ExactlyOnce;

    /// <summary>The same default as the config file's (see <see cref="KafkaDefaults.ProcessingGuarantee"/>).</summary>
    public const string ProcessingGuarantee = KafkaDefaults.ProcessingGuarantee;

    /// <summary>10 s: a restarted worker rejoins its group quickly.</summary>
    public const int SessionTimeoutMs = 10_000;

    /// <summary>At-least-once commit interval, ms.</summary>
    public const long AtLeastOnceCommitIntervalMs = 1_000;

    /// <summary>
    /// Stream-thread poll timeout, ms (Streamiz's default is 100). A poll gathers records until it has a full batch or the
    /// timeout passes; the stages hand buffered output on every few hundred ms, so a short poll keeps the loop turning
    /// (punctuations and commits run between polls).
    /// </summary>
    public const long PollMs = 10;
}
