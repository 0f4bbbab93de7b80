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

    private static byte[] InitProducerId(string transactionalId, long producerId, short epoch) => new KafkaFrameBuilder()
        .RequestHeader(KafkaProtocol.InitProducerIdApiKey, Version, correlationId: 5, "client", flexible: true)
        .String(transactionalId, flexible: true)
        .Int32(60_000)
        .Int64(producerId)
        .Int16(epoch)
        .Tags()
        .ToFrame();
}
