namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// What an OffsetCommit response says: how many partitions were stored, how many refused, and the first refusal
/// (null when none was).
/// </summary>
internal sealed record OffsetCommitResult(int Committed, int Failed, string? FirstFailure);
