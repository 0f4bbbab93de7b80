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
        Assert.Null(topics[new InputTopic("spans", Codecs.OtlpProto).DeadLetterTopic].Configs);
    }

    [Fact]
    public void The_create_request_carries_the_configs()
    {
        var spec = AdminTopicProvisioner.Specification(new TopicSpec("app-series-store-changelog", 4, InternalTopicConfigs.Changelog), AdminTopicProvisioner.BrokerDefaultReplicationFactor);

        Assert.Equal(4, spec.NumPartitions);
        Assert.Equal(AdminTopicProvisioner.BrokerDefaultReplicationFactor, spec.ReplicationFactor);
        Assert.Equal("compact", spec.Configs[InternalTopicConfigs.CleanupPolicy]);
        Assert.Null(AdminTopicProvisioner.Specification(new TopicSpec("dead", 1), 1).Configs);
    }
}
