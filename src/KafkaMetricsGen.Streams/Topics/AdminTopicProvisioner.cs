using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaMetricsGen.Streams.Telemetry;

namespace KafkaMetricsGen.Streams.Topics;

/// <summary>
/// Creates topics on a real cluster through the admin API; topics that already exist are accepted as they are, except
/// an internal topic of the worker's with another partition count than its tasks are built on, which fails naming it
/// (as Kafka Streams refuses an internal topic with invalid partitions). A cluster that cannot create them (no
/// CreateTopics API, no ACL) fails naming every missing topic with its partition count and configs, so an operator can
/// create them and start again.
/// </summary>
public sealed class AdminTopicProvisioner : ITopicProvisioner
{
    /// <summary>Lets the broker pick its configured default replication factor.</summary>
    public const short BrokerDefaultReplicationFactor = -1;

    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(30);

    private readonly AdminClientConfig _config;
    private readonly short _replicationFactor;
    private readonly KafkaClientLog? _log;

    public AdminTopicProvisioner(AdminClientConfig config, short replicationFactor = BrokerDefaultReplicationFactor, KafkaClientLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _replicationFactor = replicationFactor;
        _log = log;
    }

    /// <summary>For a cluster reached with the worker's librdkafka settings (<c>kafka.client_config</c>: SASL, TLS, …).</summary>
    public AdminTopicProvisioner(string bootstrapServers, IReadOnlyDictionary<string, string> clientConfig, KafkaClientLog? log = null)
        : this(new AdminClientConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)) { BootstrapServers = bootstrapServers }, BrokerDefaultReplicationFactor, log)
    {
    }

    /// <summary>What to create by hand when the cluster cannot: one <c>kafka-topics.sh</c> line per topic.</summary>
    public static string CreateByHand(string bootstrapServers, string reason, IEnumerable<TopicSpec> missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"kafka.bootstrap_servers: the cluster at {bootstrapServers} did not create the worker's topics ({reason}); create them, then start again:");
        foreach (var topic in missing)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  kafka-topics.sh --bootstrap-server {bootstrapServers} --create --topic {topic.Name} --partitions {topic.Partitions}");
            foreach (var (key, value) in (topic.Configs ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $" --config {key}={value}");
            }
        }

        text.Append("\n  (the embedded broker has no admin API: kafka-metrics-gen broker");
        foreach (var topic in missing)
        {
            text.Append(CultureInfo.InvariantCulture, $" --topic {topic.Name}:{topic.Partitions}");
        }

        text.Append(')');

        return text.ToString();
    }

    /// <summary>Why internal topics whose partition count changed cannot be used, and what to do.</summary>
    public static string Resized(IEnumerable<(TopicSpec Topic, int Partitions)> resized)
    {
        ArgumentNullException.ThrowIfNull(resized);
        var text = new StringBuilder("kafka.application_id: the worker's internal topics were created for other partition counts than it needs now:");
        foreach (var (topic, partitions) in resized)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {topic.Name} has {partitions} partitions, the worker needs {topic.Partitions}");
        }

        text.Append("\n  (they follow the largest input topic's partition count, and kafka.trace_partitions for the spans-by-trace topic and the edge-store changelog; ");
        text.Append("state is kept per partition, so start under a new kafka.application_id, or restore the old counts)");
        return text.ToString();
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

        var builder = new AdminClientBuilder(_config);
        if (_log is not null)
        {
            builder.SetLogHandler(_log.Handle);
        }

        using var admin = builder.Build();

        // Only missing topics are requested: clusters without the CreateTopics API (the embedded broker) then run
        // once the topics have been created another way. Metadata for all topics, so none gets auto-created here.
        var existing = admin.GetMetadata(MetadataTimeout).Topics
            .Where(t => !t.Error.IsError)
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        var specs = new List<TopicSpecification>(topics.Count);
        var missing = new List<TopicSpec>(topics.Count);
        var resized = new List<(TopicSpec Topic, int Partitions)>();
        foreach (var t in topics)
        {
            if (!existing.TryGetValue(t.Name, out var partitions))
            {
                specs.Add(Specification(t, _replicationFactor));
                missing.Add(t);
            }
            else if (t.Owned && partitions != t.Partitions)
            {
                resized.Add((t, partitions));
            }
        }

        if (resized.Count > 0)
        {
            throw new InvalidOperationException(Resized(resized));
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
            var failed = e.Results.Where(r => r.Error.IsError && r.Error.Code != ErrorCode.TopicAlreadyExists).ToList();
            if (failed.Count > 0)
            {
                var names = failed.Select(r => r.Topic).ToHashSet(StringComparer.Ordinal);
                throw new InvalidOperationException(CreateByHand(_config.BootstrapServers, failed[0].Error.Reason, missing.Where(t => names.Contains(t.Name))), e);
            }
        }
        catch (KafkaException e)
        {
            // No CreateTopics API at all, e.g. "Topic Admin API (KIP-4) not supported".
            throw new InvalidOperationException(CreateByHand(_config.BootstrapServers, e.Error.Reason, missing), e);
        }
    }
}
