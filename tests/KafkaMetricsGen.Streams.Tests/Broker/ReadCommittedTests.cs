using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// read_committed through the embedded broker with real Confluent producers and consumers: aborted records are never
/// delivered, an open transaction holds back everything after it, and a producer that dies without ending its
/// transaction has it aborted when its transactional id is initialised again.
/// </summary>
public sealed class ReadCommittedTests : IDisposable
{
    private const string Sentinel = "sentinel";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });

    public void Dispose() => _broker.Dispose();

    [Fact]
    public void Committed_records_are_delivered_and_aborted_ones_are_not_while_read_uncommitted_sees_both()
    {
        var topic = NewTopic(2);
        using (var producer = Transactional("commit-abort"))
        {
            InTransaction(producer, topic, "c1-", 5, commit: true);
            InTransaction(producer, topic, "a-", 5, commit: false);
            InTransaction(producer, topic, "c2-", 5, commit: true);
            InTransaction(producer, topic, Sentinel, 1, commit: true);
        }

        var committed = ConsumeUntilSentinel(topic, IsolationLevel.ReadCommitted, partitions: 2);
        Assert.Equal(Expected("c1-", 5).Concat(Expected("c2-", 5)).Order(), committed.Order());
        Assert.Equal(1, _broker.AbortedTransactions);

        // The mock itself shows the aborted records: this is what the proxy takes out.
        var everything = ConsumeUntilSentinel(topic, IsolationLevel.ReadUncommitted, partitions: 2);
        Assert.Equal(15, everything.Count);
    }

    [Fact]
    public void Interleaved_transactions_of_two_producers_on_one_partition_keep_only_the_committed_one()
    {
        var topic = NewTopic(1);
        using var a = Transactional("interleaved-a");
        using var b = Transactional("interleaved-b");
        a.BeginTransaction();
        b.BeginTransaction();
        for (var i = 0; i < 4; i++)
        {
            Produce(a, topic, "a-" + i);
            Produce(b, topic, "b-" + i);
        }

        Assert.Equal(0, a.Flush(Patience));
        Assert.Equal(0, b.Flush(Patience));
        b.CommitTransaction(Patience);
        a.AbortTransaction(Patience);
        InTransaction(b, topic, Sentinel, 1, commit: true);

        Assert.Equal(Expected("b-", 4).Order(), ConsumeUntilSentinel(topic, IsolationLevel.ReadCommitted, partitions: 1).Order());
    }

    [Fact]
    public void An_open_transaction_holds_back_later_records_until_it_commits()
    {
        var topic = NewTopic(1);
        using var open = Transactional("open");
        using var plain = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        open.BeginTransaction();
        Produce(open, topic, "t-0");
        Assert.Equal(0, open.Flush(Patience));
        plain.Produce(topic, new Message<string, string> { Value = "plain-0" });
        Assert.Equal(0, plain.Flush(Patience));

        using var consumer = Consumer(IsolationLevel.ReadCommitted);
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));

        // The plain record is past the open transaction's start (the last stable offset): a real broker holds it back.
        // A few polls that reach the broker and return nothing; the held-back record cannot show up by waiting longer.
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(300)));
        }

        open.CommitTransaction(Patience);
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + Patience;
        while (seen.Count < 2 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } r)
            {
                seen.Add(r.Message.Value);
            }
        }

        Assert.Equal(["t-0", "plain-0"], seen);
    }

    [Fact]
    public void A_producer_that_dies_inside_a_transaction_has_it_aborted_when_its_id_is_initialised_again()
    {
        var topic = NewTopic(2);
        var id = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var crashed = Transactional(id, unique: false);
        crashed.BeginTransaction();
        for (var i = 0; i < 6; i++)
        {
            Produce(crashed, topic, "lost-" + i);
        }

        Assert.Equal(0, crashed.Flush(Patience));

        // A crash: no EndTxn. The successor with the same transactional id fences it.
        using (var successor = Transactional(id, unique: false))
        {
            InTransaction(successor, topic, "after-", 6, commit: true);
            InTransaction(successor, topic, Sentinel, 1, commit: true);
        }

        Assert.Equal(1, _broker.FencedTransactions);
        Assert.Equal(Expected("after-", 6).Order(), ConsumeUntilSentinel(topic, IsolationLevel.ReadCommitted, partitions: 2).Order());
        crashed.Dispose();
    }

    private string NewTopic(int partitions)
    {
        var name = "rc-" + Guid.NewGuid().ToString("N")[..8];
        _broker.CreateTopic(name, partitions);
        return name;
    }

    private IProducer<string, string> Transactional(string id, bool unique = true)
    {
        var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            TransactionalId = unique ? id + "-" + Guid.NewGuid().ToString("N")[..4] : id,
            LingerMs = 0,
        }).Build();
        producer.InitTransactions(Patience);
        return producer;
    }

    private IConsumer<string, string> Consumer(IsolationLevel isolation) => new ConsumerBuilder<string, string>(new ConsumerConfig
    {
        BootstrapServers = _broker.BootstrapServers,
        GroupId = "rc-" + Guid.NewGuid().ToString("N")[..8],
        IsolationLevel = isolation,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    }).Build();

    private static void InTransaction(IProducer<string, string> producer, string topic, string prefix, int count, bool commit)
    {
        producer.BeginTransaction();
        for (var i = 0; i < count; i++)
        {
            Produce(producer, topic, count == 1 && prefix == Sentinel ? Sentinel : prefix + i);
        }

        if (commit)
        {
            producer.CommitTransaction(Patience);
        }
        else
        {
            Assert.Equal(0, producer.Flush(Patience));
            producer.AbortTransaction(Patience);
        }
    }

    private static void Produce(IProducer<string, string> producer, string topic, string value) =>
        producer.Produce(topic, new Message<string, string> { Key = value, Value = value });

    private static IEnumerable<string> Expected(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix + i);

    /// <summary>Everything before the committed sentinel record (each partition read to its end once it is seen).</summary>
    private List<string> ConsumeUntilSentinel(string topic, IsolationLevel isolation, int partitions)
    {
        using var consumer = Consumer(isolation);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var seen = new List<string>();
        var sentinel = false;
        var deadline = DateTime.UtcNow + Patience;
        var emptyAfterSentinel = 0;
        while (DateTime.UtcNow < deadline && emptyAfterSentinel < 3)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(300));
            if (record is null)
            {
                emptyAfterSentinel += sentinel ? 1 : 0;
                continue;
            }

            if (record.Message.Value == Sentinel)
            {
                sentinel = true;
                continue;
            }

            seen.Add(record.Message.Value);
        }

        Assert.True(sentinel, $"the sentinel never arrived; seen: {string.Join(", ", seen)}");
        return seen;
    }
}
