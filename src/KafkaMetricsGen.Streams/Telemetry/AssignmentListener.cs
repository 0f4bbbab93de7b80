using Confluent.Kafka;
using Streamiz.Kafka.Net.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>Passes rebalance callbacks to Streamiz's listener first, then records the assignment.</summary>
internal sealed class AssignmentListener(IConsumerRebalanceListener inner, AssignmentTracker tracker) : IConsumerRebalanceListener
{
    public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        inner.PartitionsAssigned(consumer, partitions);
        tracker.Assigned(partitions);
    }

    public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        inner.PartitionsRevoked(consumer, partitions);
        tracker.Removed(partitions.Select(p => p.TopicPartition));
    }

    public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        inner.PartitionsLost(consumer, partitions);
        tracker.Removed(partitions.Select(p => p.TopicPartition));
    }
}
