using KafkaMetricsGen.Streams.Broker;

namespace KafkaMetricsGen.Streams.Topics;

/// <summary>Creates topics directly in an <see cref="EmbeddedKafkaBroker"/> (the mock has no CreateTopics API).</summary>
public sealed class MockTopicProvisioner(EmbeddedKafkaBroker broker) : ITopicProvisioner
{
    public Task EnsureTopicsAsync(IReadOnlyCollection<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var t in topics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            broker.CreateTopic(t.Name, t.Partitions);
        }

        return Task.CompletedTask;
    }
}
