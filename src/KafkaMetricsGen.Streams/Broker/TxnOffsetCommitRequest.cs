namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// A TxnOffsetCommit request: offsets a transactional producer commits for a consumer group, which take effect only
/// when its transaction commits. Before v3 there is no group generation or member
/// (<see cref="KafkaProtocol.NoGenerationId"/> and an empty member id).
/// </summary>
internal sealed record TxnOffsetCommitRequest(
    short ApiVersion,
    string TransactionalId,
    string GroupId,
    long ProducerId,
    short ProducerEpoch,
    int GenerationId,
    string MemberId,
    string? GroupInstanceId,
    IReadOnlyList<CommittedOffset> Offsets);
