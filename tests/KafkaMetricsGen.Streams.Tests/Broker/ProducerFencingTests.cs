using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// A producer fenced by a newer one with the same transactional id: Kafka refuses its EndTxn (PRODUCER_FENCED), so its
/// commit fails and none of its transaction's records become visible. The mock alone served the old producer as if
/// nothing had happened.
/// </summary>
public sealed class ProducerFencingTests
{
    [Fact]
    public async Task A_fenced_producer_cannot_commit_and_its_records_stay_invisible()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("fencing", 1);
        using var old = Transactional(broker);
        old.InitTransactions(TimeSpan.FromSeconds(30));
        old.BeginTransaction();
        await old.ProduceAsync("fencing", new Message<string, string> { Key = "k", Value = "before" });

        using var usurper = Transactional(broker);
        usurper.InitTransactions(TimeSpan.FromSeconds(30));

        // Without the proxy's check the old producer wrote on and committed, and "after" became visible.
        var failed = Assert.ThrowsAny<KafkaException>(() =>
        {
            old.Produce("fencing", new Message<string, string> { Key = "k", Value = "after" });
            old.Flush(TimeSpan.FromSeconds(10));
            old.CommitTransaction(TimeSpan.FromSeconds(30));
        });
        Assert.Equal(1, broker.TransactionalOffsets.FencedEnds);

        usurper.BeginTransaction();
        await usurper.ProduceAsync("fencing", new Message<string, string> { Key = "k", Value = "usurper" });
        usurper.CommitTransaction(TimeSpan.FromSeconds(30));

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "fencing-check",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartition("fencing", 0));
        var seen = new List<string>();
        for (var record = consumer.Consume(TimeSpan.FromSeconds(10)); record is not null; record = consumer.Consume(TimeSpan.FromSeconds(2)))
        {
            seen.Add(record.Message.Value);
        }

        Assert.True(seen.SequenceEqual(["usurper"]), $"read_committed got [{string.Join(", ", seen)}]; the fenced producer's commit failed with {failed.Error.Code}; {broker.DescribeActivity()}");
    }

    private static IProducer<string, string> Transactional(EmbeddedKafkaBroker broker) =>
        new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, TransactionalId = "fencing" }).Build();
}
