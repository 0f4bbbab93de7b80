namespace KafkaMetricsGen.TestKit.Kafka;

/// <summary>Client settings that keep tests against the embedded broker fast.</summary>
public static class KafkaTestDefaults
{
    /// <summary>When set, tests use this real cluster instead of starting an embedded broker.</summary>
    public const string BootstrapServersVariable = "KAFKA_BOOTSTRAP_SERVERS";

    /// <summary>
    /// Milliseconds. The mock answers a rejoining member only after session.timeout.ms − 1 s, so the 45 s default
    /// would make every consumer restart take 44 s.
    /// </summary>
    public const int SessionTimeoutMs = 6000;

    /// <summary>Milliseconds; must stay well under <see cref="SessionTimeoutMs"/> or the group rebalances again.</summary>
    public const int HeartbeatIntervalMs = 1000;

    /// <summary>Brokers of the embedded cluster the fixture starts.</summary>
    public const int Brokers = 1;
}
