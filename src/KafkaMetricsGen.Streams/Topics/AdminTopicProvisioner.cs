using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaMetricsGen.Streams.Topics;

/// <summary>Creates topics on a real cluster through the admin API; topics that already exist are accepted as they are.</summary>
public sealed class AdminTopicProvisioner : ITopicProvisioner
{
    /// <summary>Lets the broker pick its configured default replication factor.</summary>
    public const short BrokerDefaultReplicationFactor = -1;

    private readonly AdminClientConfig _config;
    private readonly short _replicationFactor;

    public AdminTopicProvisioner(AdminClientConfig config, short replicationFactor = BrokerDefaultReplicationFactor)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _replicationFactor = replicationFactor;
    }

    public async Task EnsureTopicsAsync(IReadOnlyCollection<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0)
        {
            return;
        }

        var specs = new List<TopicSpecification>(topics.Count);
        foreach (var t in topics)
        {
            specs.Add(new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = _replicationFactor });
        }

        using var admin = new AdminClientBuilder(_config).Build();
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
