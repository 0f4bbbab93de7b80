namespace KafkaMetricsGen.Streams.Topics;

/// <summary>A topic the worker needs, with its partition count.</summary>
public readonly record struct TopicSpec(string Name, int Partitions);
