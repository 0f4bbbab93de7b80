using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

// The gauge is process-wide and workers in the Kafka tests set it too: run alone, not beside them.
[Collection(ProcessGaugeCollection.Name)]
public sealed class AssignmentTrackerTests
{
    private readonly WorkerStatus _status = new();

    [Fact]
    public void Counts_only_input_partitions_and_follows_revocations()
    {
        var tracker = new AssignmentTracker(["spans"], _status);
        tracker.Assigned([new TopicPartition("spans", 2), new TopicPartition("spans", 0), new TopicPartition("app-series-deltas-repartition", 1)]);
        Assert.Equal([0, 2], _status.AssignedPartitions);
        Assert.Equal(2, TelemetryMetrics.AssignedPartitions.Value);

        tracker.Removed([new TopicPartition("spans", 2)]);
        Assert.Equal([0], _status.AssignedPartitions);
        Assert.Equal(1, TelemetryMetrics.AssignedPartitions.Value);
    }
}
