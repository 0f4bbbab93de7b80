using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

public sealed class TransactionRequestInspectorTests
{
    private readonly TransactionalOffsetStore _store = new();
    private readonly InjectedCommitTracker _tracker = new();
    private readonly TransactionalOffsetStatistics _statistics = new();
    private readonly MemoryStream _toBroker = new();

    [Fact]
    public void Wants_TxnOffsetCommit_and_EndTxn_only()
    {
        var inspector = Inspector();

        Assert.True(inspector.Wants(TransactionFrames.TxnOffsetCommit(3)));
        Assert.True(inspector.Wants(TransactionFrames.EndTxn(1, "t", 1, 0, committed: true)));
        Assert.False(inspector.Wants(new KafkaFrameBuilder().RequestHeader(8, 2, 1, "c", flexible: false).ToFrame()));
        Assert.False(inspector.Wants(new KafkaFrameBuilder().RequestHeader(0, 9, 1, "c", flexible: true).ToFrame()));
    }

    [Fact]
    public async Task A_committing_EndTxn_is_preceded_by_an_OffsetCommit_of_the_staged_offsets()
    {
        var inspector = Inspector();
        var commit = TransactionFrames.TxnOffsetCommit(3);
        var end = TransactionFrames.EndTxn(1, "txn-1", 1234, 5, committed: true);

        await inspector.HandleAsync(commit, _toBroker, CancellationToken.None);
        await inspector.HandleAsync(end, _toBroker, CancellationToken.None);

        var written = _toBroker.ToArray();
        var injected = OffsetCommitRequestWriter.Write(new GroupOffsetCommit("group-1", 7, "member-1", [new("a", 0, 100, -1, "m0"), new("a", 1, 200, -1, null), new CommittedOffset("b", 3, 300, -1, string.Empty)]), -1);
        Assert.Equal([.. commit, .. injected, .. end], written);
        Assert.True(_tracker.IsPending(-1));
        Assert.Equal(1, _statistics.StagedRequests);
    }

    [Fact]
    public async Task An_aborting_EndTxn_goes_alone_and_drops_the_staged_offsets()
    {
        var inspector = Inspector();
        var commit = TransactionFrames.TxnOffsetCommit(3);
        var abort = TransactionFrames.EndTxn(1, "txn-1", 1234, 5, committed: false);

        await inspector.HandleAsync(commit, _toBroker, CancellationToken.None);
        await inspector.HandleAsync(abort, _toBroker, CancellationToken.None);

        Assert.Equal([.. commit, .. abort], _toBroker.ToArray());
        Assert.Equal(0, _store.PendingTransactions);
        Assert.Equal(1, _statistics.AbortedTransactions);
        Assert.False(_tracker.IsPending(-1));
    }

    [Fact]
    public async Task A_request_it_cannot_parse_is_counted_and_forwarded_as_it_was()
    {
        var inspector = Inspector();
        var bad = TransactionFrames.TxnOffsetCommit(3)[..^2];
        BinaryPrimitives.WriteInt32BigEndian(bad, bad.Length - 4);

        await inspector.HandleAsync(bad, _toBroker, CancellationToken.None);

        Assert.Equal(bad, _toBroker.ToArray());
        Assert.Equal(1, _statistics.MalformedRequests);
        Assert.StartsWith("TxnOffsetCommit:", _statistics.LastFailure, StringComparison.Ordinal);
        Assert.Equal(0, _store.PendingTransactions);
    }

    private TransactionRequestInspector Inspector() => new(_store, _tracker, _statistics);
}
