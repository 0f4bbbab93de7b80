using Confluent.Kafka;
using KafkaMetricsGen.Streams.Ingest;
using Streamiz.Kafka.Net.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Builds the main consumer with a partitions-lost handler. Streamiz sets only the revoked handler, so librdkafka hands
/// it an assignment the group already took away (the session expired while the broker hung) as a revocation, and the
/// stream commits for a generation that is gone. Reported as lost, Streamiz aborts the open transaction and closes the
/// tasks without committing, as Kafka Streams does. The values of <paramref name="reusedTopic"/> are read into reused
/// arrays, those of <paramref name="paddedTopics"/> into reused padded ones (<see cref="StreamThreadConsumer.ValueDeserializer"/>).
/// </summary>
internal sealed class LostPartitionsClientBuilder(IConsumerRebalanceListener listener, string reusedTopic, IReadOnlyCollection<string> paddedTopics) : DefaultKafkaClientBuilder
{
    public override ConsumerBuilder<byte[], byte[]> GetConsumerBuilder(ConsumerConfig config) =>
        base.GetConsumerBuilder(config)
            .SetPartitionsLostHandler(listener.PartitionsLost)
            .SetValueDeserializer(StreamThreadConsumer.ValueDeserializer(reusedTopic, paddedTopics));
}
