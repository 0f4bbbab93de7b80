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

    /// <summary>
    /// How long a request to the mock's own thread (creating a topic) may wait before that thread is woken. It serves such
    /// requests between waits on its sockets, and a wait can last up to a second: a third of the worker's start-ups on
    /// the embedded broker spent 0.75–0.95 s creating its topics.
    /// </summary>
    public static readonly TimeSpan MockWakeInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Upper bound on the brokers of one mock cluster (each one is a thread and a socket).</summary>
    public const int MaxBrokers = 16;
}
