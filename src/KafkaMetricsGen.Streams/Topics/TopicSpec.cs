namespace KafkaMetricsGen.Streams.Topics;

/// <summary>A topic the worker needs, with its partition count and the topic configs it must be created with.</summary>
public readonly record struct TopicSpec(string Name, int Partitions, IReadOnlyDictionary<string, string>? Configs = null);
