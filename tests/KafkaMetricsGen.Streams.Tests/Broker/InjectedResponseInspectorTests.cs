namespace KafkaMetricsGen.Streams.Broker;

public sealed class InjectedResponseInspectorTests
{
    private const short UnknownMemberId = 25;

    private readonly InjectedCommitTracker _tracker = new();
    private readonly TransactionalOffsetStatistics _statistics = new();

    [Fact]
    public void Wants_only_answers_to_pending_injected_requests()
    {
        var id = _tracker.Register(Commit(), out _);
        var inspector = new InjectedResponseInspector(_tracker, _statistics);

        Assert.True(inspector.Wants(Response(id, 0)));
        Assert.False(inspector.Wants(Response(id - 1, 0)));
        Assert.False(inspector.Wants(Response(7, 0)));
    }

    [Fact]
    public async Task Swallows_the_answer_and_counts_stored_partitions()
    {
        var id = _tracker.Register(Commit(), out _);
        var toClient = new MemoryStream();

        await new InjectedResponseInspector(_tracker, _statistics).HandleAsync(Response(id, 0), toClient, CancellationToken.None);

        Assert.Empty(toClient.ToArray());
        Assert.Equal(1, _statistics.CommittedPartitions);
        Assert.Equal(0, _statistics.FailedPartitions);
        Assert.False(_tracker.IsPending(id));
    }

    [Fact]
    public async Task A_refused_commit_is_counted_with_its_reason()
    {
        var id = _tracker.Register(Commit(), out _);

        await new InjectedResponseInspector(_tracker, _statistics).HandleAsync(Response(id, UnknownMemberId), new MemoryStream(), CancellationToken.None);

        Assert.Equal(1, _statistics.FailedPartitions);
        Assert.Contains("UnknownMemberId", _statistics.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void Correlation_ids_count_down_from_minus_one()
    {
        Assert.Equal(-1, _tracker.Register(Commit(), out _));
        Assert.Equal(-2, _tracker.Register(Commit(), out _));
        Assert.Equal(2, _tracker.Abandon().Count);
    }

    private static GroupOffsetCommit Commit() => new("g", 1, "m", [new CommittedOffset("t", 0, 5, -1, null)]);

    private static byte[] Response(int correlationId, short error) =>
        new KafkaFrameBuilder().Int32(correlationId).ArrayLength(1, false).String("t", false).ArrayLength(1, false).Int32(0).Int16(error).ToFrame();
}
