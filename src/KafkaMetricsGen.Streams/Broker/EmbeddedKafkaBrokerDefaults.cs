namespace KafkaMetricsGen.Streams.Broker;

/// <summary>Defaults of the embedded broker.</summary>
public static class EmbeddedKafkaBrokerDefaults
{
    /// <summary>Number of mock brokers (ids 1..N; broker 1 is the controller).</summary>
    public const int Brokers = 1;

    /// <summary>0 = each broker is reachable on a free loopback port; otherwise broker i is reachable on Port + i - 1.</summary>
    public const int Port = 0;

    /// <summary>The address advertised to clients.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>Replication factor of mock topics; the mock keeps every replica in memory, so 1 is enough.</summary>
    public const int ReplicationFactor = 1;

    /// <summary>
    /// Delay before the first rebalance of a new group, in milliseconds. The mock defaults to 3000 ms, which
    /// only slows tests down.
    /// </summary>
    public const int InitialRebalanceDelayMs = 0;

    /// <summary>Upper bound on the brokers of one mock cluster (each one is a thread and a socket).</summary>
    public const int MaxBrokers = 16;
}
