using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>The set of input partitions this instance owns, over all its stream threads.</summary>
public sealed class AssignmentTracker(IReadOnlyCollection<string> inputTopics, WorkerStatus status)
{
    private readonly HashSet<string> _inputs = new(inputTopics, StringComparer.Ordinal);
    private readonly HashSet<TopicPartition> _owned = [];
    private readonly Lock _gate = new();

    public void Assigned(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var p in partitions)
            {
                if (_inputs.Contains(p.Topic))
                {
                    _owned.Add(p);
                }
            }

            Publish();
        }
    }

    public void Removed(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var p in partitions)
            {
                _owned.Remove(p);
            }

            Publish();
        }
    }

    private void Publish()
    {
        // Partition numbers: one input topic in practice; several inputs share the same partition numbering.
        status.SetAssignedPartitions(_owned.Select(p => p.Partition.Value).Distinct());
        TelemetryMetrics.AssignedPartitions.Set(_owned.Count);
    }
}
