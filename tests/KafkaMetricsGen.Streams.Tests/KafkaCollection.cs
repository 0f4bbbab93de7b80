using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams;

/// <summary>
/// Tests in this collection share one Kafka cluster and use unique topic and group names. Its tests run one after
/// another; <see cref="KafkaRestartCollection"/> and <see cref="KafkaLimitsCollection"/> run beside it, each on a cluster
/// of its own, because these tests spend most of their time waiting on the broker, group joins and windows.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka";
}
