namespace KafkaMetricsGen.Streams.Topics;

/// <summary>
/// Creates the topics the worker needs before the stream starts: inputs, the stream's internal repartition and
/// changelog topics (<c>{applicationId}-{name}-repartition</c> / <c>-changelog</c>) and the dead-letter topic.
/// A topic that already exists is left alone. The embedded broker cannot create topics through the admin API,
/// so creation is pluggable.
/// </summary>
public interface ITopicProvisioner
{
    Task EnsureTopicsAsync(IReadOnlyCollection<TopicSpec> topics, CancellationToken cancellationToken = default);
}
