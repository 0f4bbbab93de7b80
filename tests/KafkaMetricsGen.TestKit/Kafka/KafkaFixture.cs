using System.Threading;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Topics;

namespace KafkaMetricsGen.TestKit.Kafka;

/// <summary>
/// A Kafka cluster for a test class or collection: the embedded broker, or the real cluster named by
/// <c>KAFKA_BOOTSTRAP_SERVERS</c> (topics are then created through the admin API). Tests take unique topic and group
/// names from <see cref="UniqueName"/> so they can share one cluster.
/// </summary>
public sealed class KafkaFixture : IDisposable
{
    private static int _sequence;

    public KafkaFixture()
    {
        var external = Environment.GetEnvironmentVariable(KafkaTestDefaults.BootstrapServersVariable);
        if (string.IsNullOrWhiteSpace(external))
        {
            Broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = KafkaTestDefaults.Brokers });
            BootstrapServers = Broker.BootstrapServers;
            Topics = new MockTopicProvisioner(Broker);
        }
        else
        {
            BootstrapServers = external;
            Topics = new AdminTopicProvisioner(AdminConfig());
        }
    }

    public string BootstrapServers { get; }

    /// <summary>The embedded broker, or null when the tests run against a real cluster.</summary>
    public EmbeddedKafkaBroker? Broker { get; }

    public bool IsEmbedded => Broker is not null;

    public ITopicProvisioner Topics { get; }

    /// <summary>A name no other test in this process uses: prefix, a counter and a random part.</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Creates a topic (leaving an existing one alone) and returns its name.</summary>
    public string CreateTopic(string name, int partitions)
    {
        Topics.EnsureTopicsAsync([new TopicSpec(name, partitions)]).GetAwaiter().GetResult();
        return name;
    }

    /// <summary>Creates a topic with a unique name built from the prefix.</summary>
    public string CreateUniqueTopic(string prefix, int partitions) => CreateTopic(UniqueName(prefix), partitions);

    public ProducerConfig ProducerConfig() => new()
    {
        BootstrapServers = BootstrapServers,
        Acks = Acks.All,
        LingerMs = 1,
        AllowAutoCreateTopics = false,
    };

    public ConsumerConfig ConsumerConfig(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = KafkaTestDefaults.SessionTimeoutMs,
        HeartbeatIntervalMs = KafkaTestDefaults.HeartbeatIntervalMs,
        AllowAutoCreateTopics = false,
    };

    public AdminClientConfig AdminConfig() => new() { BootstrapServers = BootstrapServers };

    public void Dispose() => Broker?.Dispose();
}
