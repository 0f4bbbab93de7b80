using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Topics;

public sealed class InternalTopicConfigsTests
{
    [Fact]
    public void Changelogs_are_created_compacted_and_repartition_topics_never_compacted()
    {
        var settings = WorkerHarness.Topology([new InputTopic("spans", Codecs.OtlpProto)], 4, WorkerHarness.FastConfig(), new LatestValuesSink());

        var topics = WorkerTopology.Topics(settings, "app").ToDictionary(t => t.Name);

        Assert.Equal("compact", topics["app-" + StreamsNames.EdgeStore + StreamsNames.ChangelogSuffix].Configs![InternalTopicConfigs.CleanupPolicy]);
        Assert.Equal("compact", topics["app-" + StreamsNames.SeriesStore + StreamsNames.ChangelogSuffix].Configs![InternalTopicConfigs.CleanupPolicy]);
        Assert.Equal("delete", topics["app-" + StreamsNames.SpansByTrace + StreamsNames.RepartitionSuffix].Configs![InternalTopicConfigs.CleanupPolicy]);
        Assert.Equal("delete", topics["app-" + StreamsNames.SeriesDeltas + StreamsNames.RepartitionSuffix].Configs![InternalTopicConfigs.CleanupPolicy]);
        Assert.Equal("compact", topics["app-" + StreamsNames.OverflowStore + StreamsNames.ChangelogSuffix].Configs![InternalTopicConfigs.CleanupPolicy]);
        Assert.Equal("delete", topics["app-" + StreamsNames.OverflowDeltas + StreamsNames.RepartitionSuffix].Configs![InternalTopicConfigs.CleanupPolicy]);
        Assert.Equal(4, topics["app-" + StreamsNames.OverflowDeltas + StreamsNames.RepartitionSuffix].Partitions);
        Assert.False(topics[new InputTopic("spans", Codecs.OtlpProto).DeadLetterTopic].Configs!.ContainsKey(InternalTopicConfigs.CleanupPolicy));
    }

    [Fact]
    public void Every_topic_the_stages_write_is_created_with_a_message_size_that_fits_a_full_producer_batch()
    {
        var settings = WorkerHarness.Topology([new InputTopic("spans", Codecs.OtlpProto)], 4, WorkerHarness.FastConfig(), new LatestValuesSink());

        var topics = WorkerTopology.Topics(settings, "app");

        // Dead letter, spans-by-trace, local series deltas, series deltas, overflow deltas and the three changelogs.
        Assert.Equal(8, topics.Count);
        foreach (var topic in topics)
        {
            var size = int.Parse(topic.Configs![InternalTopicConfigs.MaxMessageBytesKey], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(InternalTopicConfigs.MaxMessageBytes, size);
        }

        // A batch holds at least one record of the decode stage's largest size, and the producer never sends more than
        // its own limit (librdkafka's default, which the worker keeps) in one batch.
        Assert.True(InternalTopicConfigs.MaxMessageBytes > DecodeDefaults.MaxInternalRecordBytes);
        Assert.True(InternalTopicConfigs.MaxMessageBytes > InternalTopicConfigs.ProducerMessageMaxBytes);
    }

    [Fact]
    public void The_create_request_carries_the_configs()
    {
        var spec = AdminTopicProvisioner.Specification(new TopicSpec("app-series-store-changelog", 4, InternalTopicConfigs.Changelog), AdminTopicProvisioner.BrokerDefaultReplicationFactor);

        Assert.Equal(4, spec.NumPartitions);
        Assert.Equal(AdminTopicProvisioner.BrokerDefaultReplicationFactor, spec.ReplicationFactor);
        Assert.Equal("compact", spec.Configs[InternalTopicConfigs.CleanupPolicy]);
        Assert.Equal("1048588", spec.Configs[InternalTopicConfigs.MaxMessageBytesKey]);
        Assert.Null(AdminTopicProvisioner.Specification(new TopicSpec("dead", 1), 1).Configs);
    }
}
