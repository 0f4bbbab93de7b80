using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;

namespace KafkaMetricsGen.Streams.Commit;

public sealed class StreamThreadProducerTests
{
    [Fact]
    public void Flush_returns_once_every_record_is_acknowledged_and_its_report_delivered()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        broker.CreateTopic("flushed", 4);
        using var producer = new StreamThreadProducer(new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, LingerMs = 50 }).Build());
        var reports = 0;
        var failed = 0;
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 200; i++)
            {
                producer.Produce(new TopicPartition("flushed", i % 4), new Message<byte[], byte[]> { Key = [(byte)i], Value = new byte[100] }, r =>
                {
                    Interlocked.Increment(ref reports);
                    if (r.Error.IsError)
                    {
                        Interlocked.Increment(ref failed);
                    }
                });
            }

            producer.Flush();

            // Every report has run once flush returns: Streamiz reads the delivery errors right after its flush.
            Assert.Equal((round + 1) * 200, Volatile.Read(ref reports));
        }

        Assert.Equal(0, failed);
        Assert.Equal(0, producer.Flush(TimeSpan.Zero));
    }

    [Fact]
    public void Flush_with_a_timeout_returns_what_is_left_when_the_broker_is_gone()
    {
        var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        broker.CreateTopic("gone", 1);
        var servers = broker.BootstrapServers;
        using var producer = new StreamThreadProducer(new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = servers }).Build());
        producer.Produce(new TopicPartition("gone", 0), new Message<byte[], byte[]> { Value = [1] });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        broker.Dispose();

        producer.Produce(new TopicPartition("gone", 0), new Message<byte[], byte[]> { Value = [2] });
        var started = Environment.TickCount64;
        Assert.Equal(1, producer.Flush(TimeSpan.FromMilliseconds(300)));
        Assert.True(Environment.TickCount64 - started >= 290, "returned before its timeout");
    }

    [Fact]
    public void Flush_without_a_timeout_stops_when_cancelled()
    {
        var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        broker.CreateTopic("cancelled", 1);
        using var producer = new StreamThreadProducer(new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build());
        broker.Dispose();
        producer.Produce(new TopicPartition("cancelled", 0), new Message<byte[], byte[]> { Value = [1] });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.Throws<OperationCanceledException>(() => producer.Flush(cancel.Token));
    }
}
