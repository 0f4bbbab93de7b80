using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams;

/// <summary>
/// Tests of the series and label limits through the worker, on a Kafka cluster of their own (see
/// <see cref="KafkaCollection"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class KafkaLimitsCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka-limits";
}
