using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaMetricsGen.Streams.Topics;

/// <summary>Creates topics on a real cluster through the admin API; topics that already exist are accepted as they are.</summary>
public sealed class AdminTopicProvisioner : ITopicProvisioner
{
    /// <summary>Lets the broker pick its configured default replication factor.</summary>
    public const short BrokerDefaultReplicationFactor = -1;

    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(30);

    private readonly AdminClientConfig _config;
    private readonly short _replicationFactor;

    public AdminTopicProvisioner(AdminClientConfig config, short replicationFactor = BrokerDefaultReplicationFactor)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _replicationFactor = replicationFactor;
    }

    /// <summary>For a cluster reached with the worker's librdkafka settings (<c>kafka.client_config</c>: SASL, TLS, …).</summary>
    public AdminTopicProvisioner(string bootstrapServers, IReadOnlyDictionary<string, string> clientConfig)
        : this(new AdminClientConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)) { BootstrapServers = bootstrapServers })
    {
    }

    /// <summary>The CreateTopics request for one topic: its partitions, the replication factor and its configs.</summary>
    public static TopicSpecification Specification(TopicSpec topic, short replicationFactor) => new()
    {
        Name = topic.Name,
        NumPartitions = topic.Partitions,
        ReplicationFactor = replicationFactor,
        Configs = topic.Configs?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
    };

    public async Task EnsureTopicsAsync(IReadOnlyCollection<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0)
        {
            return;
        }

        using var admin = new AdminClientBuilder(_config).Build();

        // Only missing topics are requested: clusters without the CreateTopics API (the embedded broker) then run
        // once the topics have been created another way. Metadata for all topics, so none gets auto-created here.
        var existing = admin.GetMetadata(MetadataTimeout).Topics
            .Where(t => !t.Error.IsError)
            .Select(t => t.Topic)
            .ToHashSet(StringComparer.Ordinal);
        var specs = new List<TopicSpecification>(topics.Count);
        foreach (var t in topics)
        {
            if (!existing.Contains(t.Name))
            {
                specs.Add(Specification(t, _replicationFactor));
            }
        }

        if (specs.Count == 0)
        {
            return;
        }

        try
        {
            await admin.CreateTopicsAsync(specs).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CreateTopicsException e)
        {
            foreach (var r in e.Results)
            {
                if (r.Error.IsError && r.Error.Code != ErrorCode.TopicAlreadyExists)
                {
                    throw new InvalidOperationException($"Creating topic '{r.Topic}' failed: {r.Error.Reason}", e);
                }
            }
        }
    }
}
