namespace KafkaMetricsGen.Streams.Topics;

/// <summary>
/// A topic the worker needs, with its partition count and the topic configs it must be created with.
/// <paramref name="Owned"/>: one of the worker's internal topics, whose partitions its tasks are built on, so an
/// existing one with another partition count cannot be used as it is.
/// </summary>
public readonly record struct TopicSpec(string Name, int Partitions, IReadOnlyDictionary<string, string>? Configs = null, bool Owned = false);
