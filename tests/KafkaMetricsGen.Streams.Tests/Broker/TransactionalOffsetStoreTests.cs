namespace KafkaMetricsGen.Streams.Broker;

public sealed class TransactionalOffsetStoreTests
{
    [Fact]
    public void A_committed_transaction_returns_its_offsets_with_the_latest_per_partition_and_is_gone_afterwards()
    {
        var store = new TransactionalOffsetStore();
        store.Stage(Request("t", epoch: 1, generation: 3, ("in", 0, 10), ("in", 1, 20)));
        store.Stage(Request("t", epoch: 1, generation: 4, ("in", 0, 15)));

        Assert.True(store.TryEnd(new EndTxnRequest(1, "t", 100, 1, Committed: true), out var commits));

        var commit = Assert.Single(commits);
        Assert.Equal(("g", 4, "member"), (commit.GroupId, commit.GenerationId, commit.MemberId));
        Assert.Equal([("in", 0, 15L), ("in", 1, 20L)], commit.Offsets.Select(o => (o.Topic, o.Partition, o.Offset)).Order());
        Assert.Equal(0, store.PendingTransactions);
        Assert.False(store.TryEnd(new EndTxnRequest(1, "t", 100, 1, Committed: true), out _));
    }

    [Fact]
    public void An_aborted_transaction_drops_its_offsets()
    {
        var store = new TransactionalOffsetStore();
        store.Stage(Request("t", epoch: 1, generation: 3, ("in", 0, 10)));

        Assert.True(store.TryEnd(new EndTxnRequest(1, "t", 100, 1, Committed: false), out var commits));

        Assert.Empty(commits);
        Assert.Equal(0, store.PendingTransactions);
    }

    [Fact]
    public void An_EndTxn_of_another_producer_epoch_leaves_the_staged_offsets_alone()
    {
        var store = new TransactionalOffsetStore();
        store.Stage(Request("t", epoch: 2, generation: 3, ("in", 0, 10)));

        Assert.False(store.TryEnd(new EndTxnRequest(1, "t", 100, 1, Committed: true), out var commits));

        Assert.Empty(commits);
        Assert.Equal(1, store.PendingTransactions);
    }

    [Fact]
    public void A_new_producer_epoch_replaces_what_the_old_one_staged()
    {
        var store = new TransactionalOffsetStore();
        store.Stage(Request("t", epoch: 1, generation: 3, ("in", 0, 10), ("in", 1, 11)));
        store.Stage(Request("t", epoch: 2, generation: 3, ("in", 0, 12)));

        Assert.True(store.TryEnd(new EndTxnRequest(1, "t", 100, 2, Committed: true), out var commits));

        var offset = Assert.Single(Assert.Single(commits).Offsets);
        Assert.Equal(12L, offset.Offset);
    }

    [Fact]
    public void Transactional_ids_are_kept_apart()
    {
        var store = new TransactionalOffsetStore();
        store.Stage(Request("t1", epoch: 1, generation: 3, ("in", 0, 10)));
        store.Stage(Request("t2", epoch: 1, generation: 3, ("in", 1, 20)));

        Assert.True(store.TryEnd(new EndTxnRequest(1, "t1", 100, 1, Committed: false), out _));

        Assert.True(store.TryEnd(new EndTxnRequest(1, "t2", 100, 1, Committed: true), out var commits));
        Assert.Equal(20L, Assert.Single(Assert.Single(commits).Offsets).Offset);
    }

    private static TxnOffsetCommitRequest Request(string transactionalId, short epoch, int generation, params (string Topic, int Partition, long Offset)[] offsets) =>
        new(3, transactionalId, "g", 100, epoch, generation, "member", null, [.. offsets.Select(o => new CommittedOffset(o.Topic, o.Partition, o.Offset, -1, null))]);
}
