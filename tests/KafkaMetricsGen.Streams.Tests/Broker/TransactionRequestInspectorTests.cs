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

    // Before v3 a TxnOffsetCommit names no group member or generation: its offsets are staged at once.
    [Fact]
    public async Task A_committing_EndTxn_is_preceded_by_an_OffsetCommit_of_the_staged_offsets()
    {
        var inspector = Inspector();
        var commit = TransactionFrames.TxnOffsetCommit(2);
        var end = TransactionFrames.EndTxn(1, "txn-1", 1234, 5, committed: true);

        await inspector.HandleAsync(commit, _toBroker, CancellationToken.None);
        var ending = inspector.HandleAsync(end, _toBroker, CancellationToken.None);
        Assert.True(_tracker.IsPending(-1));
        await AnswerOffsetCommitAsync(-1, KafkaProtocol.NoError);
        await ending;

        var written = _toBroker.ToArray();
        var injected = OffsetCommitRequestWriter.Write(new GroupOffsetCommit("group-1", KafkaProtocol.NoGenerationId, string.Empty, [new("a", 0, 100, -1, "m0"), new("a", 1, 200, -1, null), new CommittedOffset("b", 3, 300, -1, string.Empty)]), -1);
        Assert.Equal([.. commit, .. injected, .. end], written);
        Assert.Equal(1, _statistics.StagedRequests);
    }

    // From v3 the group member and generation are checked first, with a Heartbeat written just before the request; its
    // answer stages the offsets (the member is current) or refuses the request (see GroupMembershipProbeTests).
    [Fact]
    public async Task A_group_member_s_offsets_are_staged_once_a_Heartbeat_confirmed_the_member()
    {
        var inspector = Inspector();
        var commit = TransactionFrames.TxnOffsetCommit(3);
        var end = TransactionFrames.EndTxn(1, "txn-1", 1234, 5, committed: true);

        await inspector.HandleAsync(commit, _toBroker, CancellationToken.None);
        var check = GroupMembershipProbe.Write(TransactionRequestParser.ParseTxnOffsetCommit(commit), -1);
        Assert.Equal([.. check, .. commit], _toBroker.ToArray());
        Assert.Equal(0, _store.PendingTransactions);

        await new InjectedResponseInspector(_tracker, _statistics, store: _store).HandleAsync(HeartbeatAnswer(-1, KafkaProtocol.NoError), new MemoryStream(), CancellationToken.None);
        var ending = inspector.HandleAsync(end, _toBroker, CancellationToken.None);
        await AnswerOffsetCommitAsync(-2, KafkaProtocol.NoError);
        await ending;

        var injected = OffsetCommitRequestWriter.Write(new GroupOffsetCommit("group-1", 7, "member-1", [new("a", 0, 100, -1, "m0"), new("a", 1, 200, -1, null), new CommittedOffset("b", 3, 300, -1, string.Empty)]), -2);
        Assert.Equal([.. check, .. commit, .. injected, .. end], _toBroker.ToArray());
        Assert.Equal(1, _statistics.StagedRequests);
    }

    [Fact]
    public async Task A_group_member_s_offsets_the_Heartbeat_refuses_are_never_staged_and_the_client_gets_the_refusal()
    {
        var inspector = Inspector();
        var commit = TransactionFrames.TxnOffsetCommit(3, correlationId: 42);
        await inspector.HandleAsync(commit, _toBroker, CancellationToken.None);
        var responses = new InjectedResponseInspector(_tracker, _statistics, store: _store);
        var toClient = new MemoryStream();

        await responses.HandleAsync(HeartbeatAnswer(-1, KafkaProtocol.UnknownMemberId), toClient, CancellationToken.None);
        var mockAnswer = TxnOffsetCommitAnswer(42, KafkaProtocol.NoError);
        Assert.True(responses.Wants(mockAnswer));
        await responses.HandleAsync(mockAnswer, toClient, CancellationToken.None);

        Assert.Equal(TxnOffsetCommitAnswer(42, KafkaProtocol.UnknownMemberId), toClient.ToArray());
        Assert.Equal(0, _store.PendingTransactions);
        Assert.Equal(0, _statistics.StagedRequests);
        Assert.Equal(1, _statistics.RefusedRequests);
        Assert.Contains("UnknownMemberId", _statistics.LastFailure, StringComparison.Ordinal);
        Assert.False(responses.Wants(mockAnswer));
    }

    // The mock checks the member again when the offsets are written at EndTxn; once it is gone (its session expired
    // after its TxnOffsetCommit was accepted) the offsets are refused, and the transaction must not commit without them.
    [Fact]
    public async Task A_committing_EndTxn_whose_offsets_the_broker_refuses_goes_on_as_an_abort()
    {
        var inspector = Inspector();
        var commit = TransactionFrames.TxnOffsetCommit(2);
        var end = TransactionFrames.EndTxn(1, "txn-1", 1234, 5, committed: true);
        await inspector.HandleAsync(commit, _toBroker, CancellationToken.None);

        var ending = inspector.HandleAsync(end, _toBroker, CancellationToken.None);
        Assert.False(ending.IsCompleted);
        await AnswerOffsetCommitAsync(-1, KafkaProtocol.UnknownMemberId);
        await ending;

        var written = _toBroker.ToArray();
        var abort = TransactionFrames.EndTxn(1, "txn-1", 1234, 5, committed: false);
        Assert.Equal(abort, written[^abort.Length..]);
        Assert.False(TransactionRequestParser.ParseEndTxn(written.AsSpan()[^abort.Length..]).Committed);
        Assert.Equal(1, _statistics.AbortedCommits);
        Assert.Equal(1, _statistics.FailedPartitions);
    }

    // A connection that closes before the answer frees the EndTxn (which can no longer reach the broker anyway).
    [Fact]
    public async Task A_committing_EndTxn_waiting_for_its_offsets_is_freed_when_the_connection_is_gone()
    {
        var inspector = Inspector();
        await inspector.HandleAsync(TransactionFrames.TxnOffsetCommit(2), _toBroker, CancellationToken.None);

        var ending = inspector.HandleAsync(TransactionFrames.EndTxn(1, "txn-1", 1234, 5, committed: true), _toBroker, CancellationToken.None);
        Assert.Single(_tracker.Abandon());
        await ending;

        Assert.Equal(1, _statistics.AbortedCommits);
    }

    [Fact]
    public async Task An_aborting_EndTxn_goes_alone_and_drops_the_staged_offsets()
    {
        var inspector = Inspector();
        var commit = TransactionFrames.TxnOffsetCommit(2);
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

    /// <summary>The broker's answer (v2) to the OffsetCommit the proxy wrote as <paramref name="correlationId"/>: one partition, <paramref name="error"/>.</summary>
    private ValueTask AnswerOffsetCommitAsync(int correlationId, short error) =>
        new InjectedResponseInspector(_tracker, _statistics).HandleAsync(
            new KafkaFrameBuilder().Int32(correlationId).ArrayLength(1, false).String("a", false).ArrayLength(1, false).Int32(0).Int16(error).ToFrame(),
            new MemoryStream(),
            CancellationToken.None);

    private static byte[] HeartbeatAnswer(int correlationId, short error) => new KafkaFrameBuilder().Int32(correlationId).Int16(error).ToFrame();

    // v3: response header with tagged fields, compact arrays and strings; two topics as in the request.
    private static byte[] TxnOffsetCommitAnswer(int correlationId, short error) => new KafkaFrameBuilder()
        .Int32(correlationId).Tags().Int32(0)
        .ArrayLength(2, true)
        .String("a", true).ArrayLength(2, true).Int32(0).Int16(error).Tags().Int32(1).Int16(error).Tags().Tags()
        .String("b", true).ArrayLength(1, true).Int32(3).Int16(error).Tags().Tags()
        .Tags()
        .ToFrame();
}
