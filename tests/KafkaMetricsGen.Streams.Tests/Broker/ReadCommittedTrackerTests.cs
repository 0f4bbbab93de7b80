using System.Buffers.Binary;

namespace KafkaMetricsGen.Streams.Broker;

public sealed class ReadCommittedTrackerTests
{
    private const short Version = 4;
    private const int ProducerIdAt = 4 + 2 + 2 + 4 + 2 + 6 + 1 + 1 + 7 + 4;

    private readonly TransactionalOffsetStatistics _statistics = new();
    private readonly TransactionVisibility _visibility = new();

    [Fact]
    public void A_first_InitProducerId_naming_an_earlier_producer_goes_on_without_it_as_Kafka_initialises_an_unknown_id()
    {
        var tracker = new ReadCommittedTracker(_visibility, _statistics);

        var replaced = tracker.OnRequest(InitProducerId("app-0_0", producerId: 7, epoch: 3));

        Assert.NotNull(replaced);
        Assert.Equal(-1L, BinaryPrimitives.ReadInt64BigEndian(replaced.AsSpan(ProducerIdAt)));
        Assert.Equal((short)-1, BinaryPrimitives.ReadInt16BigEndian(replaced.AsSpan(ProducerIdAt + sizeof(long))));
        Assert.Equal(InitProducerId("app-0_0", producerId: -1, epoch: -1), replaced);
        Assert.Equal(1, _statistics.RecoveredProducers);
        Assert.Contains("producer 7 (epoch 3)", _statistics.LastRecovery, StringComparison.Ordinal);
    }

    [Fact]
    public void An_InitProducerId_of_a_known_id_or_without_a_producer_goes_on_unchanged()
    {
        var tracker = new ReadCommittedTracker(_visibility, _statistics);

        Assert.Null(tracker.OnRequest(InitProducerId("app-0_0", producerId: -1, epoch: -1)));
        Assert.Null(tracker.OnRequest(InitProducerId("app-0_0", producerId: 7, epoch: 0)));
        Assert.Null(new ReadCommittedTracker(_visibility, _statistics).OnRequest(InitProducerId("app-0_0", producerId: 7, epoch: 1)));
        Assert.Equal(0, _statistics.RecoveredProducers);
    }

    [Fact]
    public void A_read_committed_Fetch_before_any_transaction_goes_through_unread()
    {
        var tracker = new ReadCommittedTracker(_visibility, _statistics);

        Assert.Null(tracker.OnRequest(Fetch(correlationId: 9, KafkaProtocol.ReadCommitted)));

        Assert.True(tracker.IsPending(9));
        Assert.False(tracker.WantsResponse(9));
        Assert.False(tracker.IsPending(9));
    }

    [Fact]
    public void Once_a_transactional_Produce_was_sent_a_read_committed_Fetch_is_read_whole()
    {
        var tracker = new ReadCommittedTracker(_visibility, _statistics);
        tracker.OnRequest(Fetch(correlationId: 9, KafkaProtocol.ReadCommitted));

        // A Produce noted after the Fetch was sent may still land in the log before the broker answers it.
        _visibility.OnProduceSent("app-0_0", producerId: 7, "spans", partition: 0);

        Assert.True(tracker.WantsResponse(9));
        Assert.True(tracker.WantsResponse(9));
        Assert.True(tracker.IsPending(9));
    }

    [Fact]
    public void A_read_uncommitted_Fetch_is_not_noted()
    {
        var tracker = new ReadCommittedTracker(_visibility, _statistics);
        _visibility.OnProduceSent("app-0_0", producerId: 7, "spans", partition: 0);

        tracker.OnRequest(Fetch(correlationId: 9, isolation: 0));

        Assert.False(tracker.WantsResponse(9));
    }

    private static byte[] Fetch(int correlationId, sbyte isolation) => new KafkaFrameBuilder()
        .RequestHeader(KafkaProtocol.FetchApiKey, KafkaProtocol.FetchMaxVersion, correlationId, "client", flexible: false)
        .Int32(-1)
        .Int32(500)
        .Int32(1)
        .Int32(52_428_800)
        .Int8((byte)isolation)
        .ToFrame();

    private static byte[] InitProducerId(string transactionalId, long producerId, short epoch) => new KafkaFrameBuilder()
        .RequestHeader(KafkaProtocol.InitProducerIdApiKey, Version, correlationId: 5, "client", flexible: true)
        .String(transactionalId, flexible: true)
        .Int32(60_000)
        .Int64(producerId)
        .Int16(epoch)
        .Tags()
        .ToFrame();
}
