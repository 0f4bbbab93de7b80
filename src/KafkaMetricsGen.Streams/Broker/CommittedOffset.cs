namespace KafkaMetricsGen.Streams.Broker;

/// <summary>One partition's offset inside an offset commit.</summary>
internal readonly record struct CommittedOffset(string Topic, int Partition, long Offset, int LeaderEpoch, string? Metadata);
