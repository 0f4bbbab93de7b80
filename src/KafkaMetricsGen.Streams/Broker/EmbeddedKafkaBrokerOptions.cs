namespace KafkaMetricsGen.Streams.Broker;

/// <summary>Settings of an <see cref="EmbeddedKafkaBroker"/> (command line: <c>broker --brokers --port --no-admin-api</c>).</summary>
public sealed class EmbeddedKafkaBrokerOptions
{
    /// <summary>Number of brokers in the mock cluster (<c>--brokers</c>).</summary>
    public int Brokers { get; init; } = EmbeddedKafkaBrokerDefaults.Brokers;

    /// <summary>
    /// Fixed port of broker 1 (<c>--port</c>); broker i gets <c>Port + i - 1</c>. 0 takes any free loopback ports.
    /// </summary>
    public int Port { get; init; } = EmbeddedKafkaBrokerDefaults.Port;

    /// <summary>Host advertised to clients; the brokers listen on loopback, so it must name this machine.</summary>
    public string Host { get; init; } = EmbeddedKafkaBrokerDefaults.Host;

    /// <summary>
    /// Whether the proxies answer CreateTopics and DeleteTopics (<c>broker --no-admin-api</c> turns it
    /// off, to try a client against a cluster whose admin API is closed to it).
    /// </summary>
    public bool AdminApi { get; init; } = true;

    /// <summary>
    /// Whether clients are served from the start. False: their connections wait (the port is bound, the proxies do not
    /// read them yet) until <see cref="EmbeddedKafkaBroker.AcceptClients"/>, so that a broker started again on the same
    /// port shows no client a cluster without the topics it is about to create: a consumer group that joined then
    /// was assigned no partitions and, its subscription unchanged, did not join again.
    /// </summary>
    public bool AcceptClientsAtStart { get; init; } = true;

    /// <summary>Throws when a setting is out of range, naming the option.</summary>
    public void Validate()
    {
        if (Brokers is < 1 or > EmbeddedKafkaBrokerDefaults.MaxBrokers)
        {
            throw new ArgumentException($"broker.brokers: must be between 1 and {EmbeddedKafkaBrokerDefaults.MaxBrokers}, got {Brokers}");
        }

        if (Port != 0 && (Port < 1 || Port + Brokers - 1 > 65535))
        {
            throw new ArgumentException($"broker.port: must be 0 (random) or leave room for {Brokers} port(s) below 65536, got {Port}");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("broker.host: must not be empty");
        }
    }
}
