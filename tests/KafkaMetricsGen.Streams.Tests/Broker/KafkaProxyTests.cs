using System.Security.Cryptography;
using Confluent.Kafka;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>The proxy in front of each mock broker, seen through plain clients of a fresh embedded broker.</summary>
public sealed class KafkaProxyTests : IDisposable
{
    private const string Topic = "in";
    private const int Partitions = 2;
    private const int RecordsPerPartition = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private EmbeddedKafkaBroker _broker = null!;

    // The mock picks a coordinator by CRC-32 of the key modulo the broker count: with 3 brokers the group "eos-commit"
    // and the transaction "txn-a" land on different brokers, so TxnOffsetCommit and EndTxn pass different proxies.
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Offsets_sent_to_a_committed_transaction_are_the_group_s_committed_offsets(int brokers)
    {
        StartBroker(brokers);
        ProduceRecords();
        using var consumer = JoinedConsumer("eos-commit", out var next);
        using var producer = TransactionalProducer("txn-a");

        producer.BeginTransaction();
        producer.SendOffsetsToTransaction(next, consumer.ConsumerGroupMetadata, Timeout);
        producer.CommitTransaction(Timeout);

        Assert.Equal(next.Select(o => o.Offset.Value), Committed("eos-commit").Select(o => o.Offset.Value));
        Assert.True(_broker.TransactionalOffsets.FailedPartitions == 0, _broker.TransactionalOffsets.ToString());
        Assert.Equal(Partitions, _broker.TransactionalOffsets.CommittedPartitions);
    }

    [Fact]
    public void Offsets_sent_to_an_aborted_transaction_leave_the_committed_offsets_as_they_were()
    {
        StartBroker(1);
        ProduceRecords();
        using var consumer = JoinedConsumer("eos-abort", out var next);
        using var producer = TransactionalProducer("txn-abort");
        var earlier = next.Select(o => new TopicPartitionOffset(o.TopicPartition, o.Offset.Value - 2)).ToList();

        // Nothing committed yet: an aborted transaction leaves none.
        producer.BeginTransaction();
        producer.SendOffsetsToTransaction(earlier, consumer.ConsumerGroupMetadata, Timeout);
        producer.AbortTransaction(Timeout);
        Assert.All(Committed("eos-abort"), o => Assert.Equal(Offset.Unset, o.Offset));

        producer.BeginTransaction();
        producer.SendOffsetsToTransaction(earlier, consumer.ConsumerGroupMetadata, Timeout);
        producer.CommitTransaction(Timeout);

        // A later abort keeps the earlier commit.
        producer.BeginTransaction();
        producer.SendOffsetsToTransaction(next, consumer.ConsumerGroupMetadata, Timeout);
        producer.AbortTransaction(Timeout);

        Assert.Equal(earlier.Select(o => o.Offset.Value), Committed("eos-abort").Select(o => o.Offset.Value));
        Assert.Equal(2, _broker.TransactionalOffsets.AbortedTransactions);
        Assert.True(_broker.TransactionalOffsets.FailedPartitions == 0, _broker.TransactionalOffsets.ToString());
    }

    // A real group coordinator refuses offsets of a member that is no longer in the group (its session expired while the
    // broker hung, or it left); the producer must abort, so the transaction's records are never read as committed while
    // the input that produced them is read again. The mock accepts them; the proxy checks the member first.
    [Fact]
    public void Offsets_of_a_member_that_left_the_group_are_refused_and_the_transaction_must_abort()
    {
        StartBroker(1);
        ProduceRecords();
        IConsumerGroupMetadata gone;
        List<TopicPartitionOffset> next;
        using (var consumer = JoinedConsumer("eos-gone", out next))
        {
            gone = consumer.ConsumerGroupMetadata;
            consumer.Close();
        }

        using var producer = TransactionalProducer("txn-gone");
        producer.BeginTransaction();
        var refused = Assert.ThrowsAny<KafkaException>(() => producer.SendOffsetsToTransaction(next, gone, Timeout));

        Assert.Equal(ErrorCode.UnknownMemberId, refused.Error.Code);
        Assert.True(refused is KafkaTxnRequiresAbortException, refused.ToString());
        producer.AbortTransaction(Timeout);
        Assert.All(Committed("eos-gone"), o => Assert.Equal(Offset.Unset, o.Offset));
        Assert.Equal(1, _broker.TransactionalOffsets.RefusedRequests);
        Assert.Equal(0, _broker.TransactionalOffsets.StagedRequests);

        // A current member's offsets still go through after a refusal.
        using var member = JoinedConsumer("eos-gone", out next);
        producer.BeginTransaction();
        producer.SendOffsetsToTransaction(next, member.ConsumerGroupMetadata, Timeout);
        producer.CommitTransaction(Timeout);
        Assert.Equal(next.Select(o => o.Offset.Value), Committed("eos-gone").Select(o => o.Offset.Value));
    }

    // A member whose session expires (or who leaves) after its TxnOffsetCommit was accepted but before EndTxn: Kafka
    // commits the transaction's offsets with its markers whatever the group did meanwhile. The mock refuses the
    // OffsetCommit the proxy writes for them at EndTxn, so the proxy aborts the transaction instead: its records and its
    // offsets end the same way, and the input is read again by the next member exactly once.
    [Fact]
    public void A_member_gone_between_its_offsets_and_the_commit_leaves_neither_records_nor_offsets()
    {
        const string Output = "out";
        StartBroker(1);
        _broker.CreateTopic(Output, 1);
        ProduceRecords();
        using var producer = TransactionalProducer("txn-expired");
        List<TopicPartitionOffset> next;
        using (var consumer = JoinedConsumer("eos-expired", out next))
        {
            producer.BeginTransaction();
            producer.Produce(Output, new Message<Null, string> { Value = "result" });
            producer.SendOffsetsToTransaction(next, consumer.ConsumerGroupMetadata, Timeout);
            consumer.Close();
        }

        producer.CommitTransaction(Timeout);

        var offsets = Committed("eos-expired").Select(o => o.Offset.Value).ToList();
        var records = ReadCommittedCount(Output);
        var outcome = $"records {records}, offsets [{string.Join(", ", offsets)}]: {_broker.TransactionalOffsets}";
        Assert.True(records == 0 && offsets.All(o => o == Offset.Unset.Value), outcome);
        Assert.Equal(1, _broker.TransactionalOffsets.AbortedCommits);
    }

    [Fact]
    public void Records_larger_than_the_proxy_buffer_and_plain_offset_commits_pass_through_unchanged()
    {
        const int Records = 12;
        const int RecordBytes = 300 * 1024;
        StartBroker(1);
        var sent = new List<string>();
        using (var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, LingerMs = 5 }).Build())
        {
            for (var i = 0; i < Records; i++)
            {
                var value = RandomNumberGenerator.GetBytes(RecordBytes);
                sent.Add(Convert.ToHexString(SHA256.HashData(value)));
                producer.Produce(new TopicPartition(Topic, i % Partitions), new Message<Null, byte[]> { Value = value });
            }

            Assert.Equal(0, producer.Flush(Timeout));
        }

        using var consumer = new ConsumerBuilder<Ignore, byte[]>(ConsumerConfig("plain")).Build();
        consumer.Subscribe(Topic);
        var received = new List<string>();
        var deadline = DateTime.UtcNow + Timeout * 3;
        while (received.Count < Records && DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is not null)
            {
                received.Add(Convert.ToHexString(SHA256.HashData(record.Message.Value)));
                consumer.Commit(record);
            }
        }

        Assert.Equal(sent.Order(), received.Order());
        Assert.Equal([Records / Partitions, Records / Partitions], Committed("plain").Select(o => o.Offset.Value));
        Assert.Equal(0, _broker.TransactionalOffsets.StagedRequests);
    }

    [Fact]
    public void Every_broker_is_advertised_at_the_proxy_the_bootstrap_list_names()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 3 });
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();

        var advertised = admin.GetMetadata(Timeout).Brokers.OrderBy(b => b.BrokerId).Select(b => $"{b.Host}:{b.Port}");

        Assert.Equal(broker.BootstrapServers.Split(','), advertised);
    }

    public void Dispose() => _broker?.Dispose();

    private void StartBroker(int brokers)
    {
        _broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = brokers });
        _broker.CreateTopic(Topic, Partitions);
    }

    private void ProduceRecords()
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        for (var p = 0; p < Partitions; p++)
        {
            for (var i = 0; i < RecordsPerPartition; i++)
            {
                producer.Produce(new TopicPartition(Topic, p), new Message<Null, string> { Value = $"{p}-{i}" });
            }
        }

        Assert.Equal(0, producer.Flush(Timeout));
    }

    /// <summary>A group member that has read every record; <paramref name="next"/> is the offset after them, per partition.</summary>
    private IConsumer<Ignore, string> JoinedConsumer(string group, out List<TopicPartitionOffset> next)
    {
        var consumer = new ConsumerBuilder<Ignore, string>(ConsumerConfig(group)).Build();
        consumer.Subscribe(Topic);
        var read = 0;
        var deadline = DateTime.UtcNow + Timeout * 3;
        while (read < Partitions * RecordsPerPartition && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not null)
            {
                read++;
            }
        }

        Assert.Equal(Partitions * RecordsPerPartition, read);
        next = [.. Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(Topic, p, RecordsPerPartition))];
        return consumer;
    }

    private IProducer<Null, string> TransactionalProducer(string transactionalId)
    {
        var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            TransactionalId = transactionalId,
        }).Build();
        producer.InitTransactions(Timeout);
        return producer;
    }

    /// <summary>How many records of the one-partition topic a read_committed reader sees.</summary>
    private int ReadCommittedCount(string topic)
    {
        using var reader = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(ConsumerConfig("reader-" + topic)) { IsolationLevel = IsolationLevel.ReadCommitted }).Build();
        var partition = new TopicPartition(topic, 0);
        reader.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var end = reader.QueryWatermarkOffsets(partition, Timeout).High.Value;
        var count = 0;
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && reader.Position(partition).Value < end)
        {
            if (reader.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false })
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The group's committed offsets, read by a consumer that does not join it.</summary>
    private List<TopicPartitionOffset> Committed(string group)
    {
        using var reader = new ConsumerBuilder<Ignore, Ignore>(ConsumerConfig(group)).Build();
        return [.. reader.Committed([.. Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p))], Timeout).OrderBy(o => o.Partition.Value)];
    }

    private ConsumerConfig ConsumerConfig(string group) => new()
    {
        BootstrapServers = _broker.BootstrapServers,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = KafkaTestDefaults.SessionTimeoutMs,
        HeartbeatIntervalMs = KafkaTestDefaults.HeartbeatIntervalMs,
    };
}
