using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Topics;

/// <summary>The provisioner <c>run</c> uses, against the embedded broker's admin API.</summary>
[Collection(KafkaCollection.Name)]
public sealed class AdminTopicProvisionerTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Creates_missing_topics_and_accepts_existing_ones_of_the_same_size()
    {
        var owned = KafkaFixture.UniqueName("app") + "-" + StreamsNames.SpansByTrace + StreamsNames.RepartitionSuffix;
        var provisioner = new AdminTopicProvisioner(kafka.AdminConfig());

        await provisioner.EnsureTopicsAsync([new TopicSpec(owned, 3, InternalTopicConfigs.Repartition, Owned: true)]);
        await provisioner.EnsureTopicsAsync([new TopicSpec(owned, 3, InternalTopicConfigs.Repartition, Owned: true)]);

        using var admin = new Confluent.Kafka.AdminClientBuilder(kafka.AdminConfig()).Build();
        Assert.Equal(3, admin.GetMetadata(owned, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count);
    }

    [Fact]
    public async Task An_internal_topic_with_another_partition_count_is_refused_naming_it_and_the_fix()
    {
        var owned = kafka.CreateTopic(KafkaFixture.UniqueName("app") + "-" + StreamsNames.SpansByTrace + StreamsNames.RepartitionSuffix, 2);
        var deadLetter = kafka.CreateUniqueTopic("dead-letter", 2);
        var provisioner = new AdminTopicProvisioner(kafka.AdminConfig());

        // A topic the worker does not own (the dead-letter topic) may have any size.
        await provisioner.EnsureTopicsAsync([new TopicSpec(deadLetter, 1)]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provisioner.EnsureTopicsAsync([new TopicSpec(owned, 3, InternalTopicConfigs.Repartition, Owned: true)]));

        Assert.StartsWith("kafka.application_id: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{owned} has 2 partitions, the worker needs 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("kafka.trace_partitions", error.Message, StringComparison.Ordinal);
        Assert.Contains("new kafka.application_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_internal_topic_of_the_topology_is_owned_and_the_dead_letter_topic_is_not()
    {
        var settings = WorkerHarness.Topology([new Decode.InputTopic("spans", Core.Ingest.Codecs.OtlpProto)], 4, WorkerHarness.FastConfig(), new Sink.LatestValuesSink());

        foreach (var topic in Pipeline.WorkerTopology.Topics(settings, "app"))
        {
            Assert.Equal(topic.Name.StartsWith("app-", StringComparison.Ordinal), topic.Owned);
        }
    }
}
