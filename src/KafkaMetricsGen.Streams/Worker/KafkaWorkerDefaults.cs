using KafkaMetricsGen.Streams.Configuration;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>Defaults of the worker's Kafka Streams settings.</summary>
public static class KafkaWorkerDefaults
{
    public const string ApplicationId = KafkaDefaults.ApplicationId;

    public const string StateDir = "/var/lib/kafka-metrics-gen";

    /// <summary>
    /// Appended to the application id, the file in the state dir that says the local state was left by a clean stop
    /// (see <see cref="StreamLocalState"/>).
    /// </summary>
    public const string CleanStopMarkerSuffix = ".stopped-cleanly";

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

    /// <summary>First wait before a stream that died of a transient Kafka error is created anew; it doubles per attempt.</summary>
    public static readonly TimeSpan RecoveryBackoffMin = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two re-creations of the stream.</summary>
    public static readonly TimeSpan RecoveryBackoffMax = TimeSpan.FromSeconds(30);

    /// <summary>
    /// 15 min: how long the worker keeps re-creating a stream that does not reach RUNNING again before it exits 1. A
    /// broker that hangs or restarts for a few minutes is ridden out; a cluster gone for good ends the process, so an
    /// orchestrator sees it.
    /// </summary>
    public static readonly TimeSpan RecoveryLimit = TimeSpan.FromMinutes(15);

    /// <summary>
    /// 60 s: how long a stream thread that rejoins its group may go without an assignment while Kafka answers before
    /// the stream is created anew (see <see cref="RejoinWatch"/>). Several session timeouts: a rejoin waits for the other
    /// members of the group to join too.
    /// </summary>
    public static readonly TimeSpan RejoinLimit = TimeSpan.FromSeconds(60);

    /// <summary>How often the stream's supervisor looks at <see cref="RejoinWatch"/>.</summary>
    public static readonly TimeSpan RejoinCheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long disposing a failed stream may take before it is left behind (its clients wait for a broker).</summary>
    public static readonly TimeSpan StreamStopTimeout = TimeSpan.FromSeconds(30);
}
