using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaMetricsGen.Streams.Broker;

/// <summary>The topic admin API the proxies answer for the mock cluster, driven by Confluent's own admin client.</summary>
public sealed class AdminRequestsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Creates_a_topic_with_its_partitions_and_refuses_an_existing_one()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 2 });
        using var admin = Admin(broker);

        await admin.CreateTopicsAsync([new TopicSpecification { Name = "created", NumPartitions = 6, ReplicationFactor = 1, Configs = new() { ["cleanup.policy"] = "compact" } }]);

        var topic = Assert.Single(admin.GetMetadata("created", Wait).Topics);
        Assert.Equal(ErrorCode.NoError, topic.Error.Code);
        Assert.Equal(6, topic.Partitions.Count);
        var again = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = "created", NumPartitions = 6 }]));
        Assert.Equal(ErrorCode.TopicAlreadyExists, Assert.Single(again.Results).Error.Code);
        var zero = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = "none", NumPartitions = 0 }]));
        Assert.Equal(ErrorCode.InvalidPartitions, Assert.Single(zero.Results).Error.Code);

        // The topic is a real one: records written to it come back.
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(new TopicPartition("created", 5), new Message<Null, string> { Value = "v" });
        }

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "g" }).Build();
        Assert.Equal(1, consumer.QueryWatermarkOffsets(new TopicPartition("created", 5), Wait).High.Value);
    }

    [Fact]
    public async Task Deletes_topics_and_says_which_did_not_exist()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        broker.CreateTopic("doomed", 3);
        broker.CreateTopic("kept", 1);
        using var admin = Admin(broker);

        await admin.DeleteTopicsAsync(["doomed"]);
        var unknown = await Assert.ThrowsAsync<DeleteTopicsException>(() => admin.DeleteTopicsAsync(["doomed"]));

        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(unknown.Results).Error.Code);
        var names = admin.GetMetadata(Wait).Topics.Select(t => t.Topic).ToList();
        Assert.DoesNotContain("doomed", names);
        Assert.Contains("kept", names);
    }

    [Fact]
    public async Task Deleting_a_group_is_refused_as_unsupported_and_leaves_its_offsets()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        broker.CreateTopic("input", 1);
        var config = new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "replay-x", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Commit([new TopicPartitionOffset("input", 0, 7)]);
        using var admin = Admin(broker);

        var e = await Assert.ThrowsAsync<DeleteGroupsException>(() => admin.DeleteGroupsAsync(["replay-x"]));

        Assert.Equal(ErrorCode.UnsupportedVersion, Assert.Single(e.Results).Error.Code);
        Assert.Equal(7, consumer.Committed([new TopicPartition("input", 0)], Wait)[0].Offset.Value);
    }

    [Fact]
    public async Task Without_the_admin_api_a_client_is_told_the_broker_does_not_support_it()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1, AdminApi = false });
        using var admin = Admin(broker);

        var e = await Assert.ThrowsAnyAsync<KafkaException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = "t", NumPartitions = 1 }]));

        Assert.True(e.Message.Contains("not supported", StringComparison.OrdinalIgnoreCase), e.Message);
        Assert.DoesNotContain("t", admin.GetMetadata(Wait).Topics.Select(t => t.Topic));
    }

    private static IAdminClient Admin(EmbeddedKafkaBroker broker) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
}
