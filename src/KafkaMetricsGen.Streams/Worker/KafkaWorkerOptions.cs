namespace KafkaMetricsGen.Streams.Worker;

/// <summary>The worker's Kafka Streams settings (the <c>kafka:</c> section of the config file).</summary>
public sealed class KafkaWorkerOptions
{
    public required string BootstrapServers { get; init; }

    /// <summary>Consumer group and prefix of internal topics; a new one starts from scratch (replay).</summary>
    public string ApplicationId { get; init; } = KafkaWorkerDefaults.ApplicationId;

    /// <summary>Where RocksDB stores live (a persistent volume in production).</summary>
    public string StateDir { get; init; } = KafkaWorkerDefaults.StateDir;

    /// <summary><c>at_least_once</c> or <c>exactly_once</c>.</summary>
    public string ProcessingGuarantee { get; init; } = KafkaWorkerDefaults.ProcessingGuarantee;

    /// <summary>Commit interval in ms (exactly-once uses 100 unless set).</summary>
    public long? CommitIntervalMs { get; init; }

    /// <summary>Consumer session timeout in ms; short values make group rejoins fast.</summary>
    public int SessionTimeoutMs { get; init; } = KafkaWorkerDefaults.SessionTimeoutMs;

    /// <summary>Stream threads. The embedded broker only supports 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Extra librdkafka settings (SASL, TLS, …) passed through as they are.</summary>
    public IReadOnlyDictionary<string, string> ClientConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Completes once RocksDB is ready for the stores; a store initialized before that opens at its first use. By
    /// default the worker readies RocksDB on a thread of its own (<see cref="StateStoreWarmup"/>); tests set a task that
    /// never completes to take the deferred open every time.
    /// </summary>
    internal Task? StoresReady { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new ArgumentException("kafka.bootstrap_servers: required (host:port[,host:port])");
        }

        if (ProcessingGuarantee is not (KafkaWorkerDefaults.AtLeastOnce or KafkaWorkerDefaults.ExactlyOnce))
        {
            throw new ArgumentException($"kafka.processing_guarantee: '{ProcessingGuarantee}' is not allowed (allowed: {KafkaWorkerDefaults.AtLeastOnce}, {KafkaWorkerDefaults.ExactlyOnce})");
        }

        if (Threads < 1)
        {
            throw new ArgumentException("kafka.threads: must be ≥ 1");
        }
    }
}
