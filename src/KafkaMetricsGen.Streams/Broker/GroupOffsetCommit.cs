namespace KafkaMetricsGen.Streams.Broker;

/// <summary>Offsets to commit for one consumer group, as the member at that generation asked inside a transaction.</summary>
internal sealed record GroupOffsetCommit(string GroupId, int GenerationId, string MemberId, IReadOnlyList<CommittedOffset> Offsets);
