namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// The offsets one producer incarnation (producer id and epoch) sent with its ongoing transaction, per group and
/// partition; a later commit of a partition replaces an earlier one, as on a real broker.
/// </summary>
internal sealed class StagedTransaction(long producerId, short producerEpoch)
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    public long ProducerId { get; } = producerId;

    public short ProducerEpoch { get; } = producerEpoch;

    public bool BelongsTo(long producerId, short producerEpoch) => ProducerId == producerId && ProducerEpoch == producerEpoch;

    public void Add(TxnOffsetCommitRequest request)
    {
        if (!_groups.TryGetValue(request.GroupId, out var group))
        {
            group = new Group();
            _groups.Add(request.GroupId, group);
        }

        // The member and generation of the latest request are the ones the commit is checked against.
        group.GenerationId = request.GenerationId;
        group.MemberId = request.MemberId;
        foreach (var offset in request.Offsets)
        {
            group.Offsets[(offset.Topic, offset.Partition)] = offset;
        }
    }

    public List<GroupOffsetCommit> ToCommits()
    {
        var commits = new List<GroupOffsetCommit>(_groups.Count);
        foreach (var (groupId, group) in _groups)
        {
            commits.Add(new GroupOffsetCommit(groupId, group.GenerationId, group.MemberId, [.. group.Offsets.Values]));
        }

        return commits;
    }

    private sealed class Group
    {
        public int GenerationId { get; set; } = KafkaProtocol.NoGenerationId;

        public string MemberId { get; set; } = string.Empty;

        public Dictionary<(string Topic, int Partition), CommittedOffset> Offsets { get; } = [];
    }
}
