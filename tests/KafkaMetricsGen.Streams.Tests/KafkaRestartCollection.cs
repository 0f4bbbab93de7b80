using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams;

/// <summary>
/// Tests that stop, restart or re-create a worker or a stream, on a Kafka cluster of their own (see
/// <see cref="KafkaCollection"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class KafkaRestartCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka-restart";
}
