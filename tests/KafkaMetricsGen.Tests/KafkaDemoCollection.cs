using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Tests;

/// <summary>
/// The demo's tests, on a Kafka cluster of their own so that they run beside <see cref="KafkaCollection"/>'s: both
/// spend most of their time waiting on the broker, windows and the browser.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KafkaDemoCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka-demo";
}
