using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Tests;

/// <summary>Tests in this collection share one Kafka cluster and use unique topic and group names.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka";
}
