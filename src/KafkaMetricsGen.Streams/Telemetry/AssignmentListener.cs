using Confluent.Kafka;
using KafkaMetricsGen.Streams.Ingest;
using Streamiz.Kafka.Net.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Passes rebalance callbacks to Streamiz's listener first, then records the assignment. The hooks run on the stream
/// thread: <c>closing</c> before Streamiz closes revoked or lost tasks, <c>lost</c> after it closed the lost tasks,
/// <c>beforeAssigned</c> before it creates the new ones.
/// A callback whose work fails must still leave the thread able to rejoin its group, or it never does (no rebalance,
/// no assignment, the stream RUNNING): Streamiz's mark that the thread is rebalancing is cleared whatever happened
/// (<see cref="RebalanceMark"/>), and the revoked tasks a failed revocation left open are closed
/// (<see cref="RevokedTasks"/>). The error still reaches Streamiz, which closes the other tasks and rejoins.
/// </summary>
internal sealed class AssignmentListener(IConsumerRebalanceListener inner, AssignmentTracker tracker, RebalanceHooks? hooks = null, AssignmentChanges? changes = null) : IConsumerRebalanceListener
{
    private readonly RebalanceMark _mark = RebalanceMark.Of(inner);
    private readonly RevokedTasks _revoked = RevokedTasks.Of(inner);

    public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        try
        {
            hooks?.BeforeAssigned?.Invoke();
            inner.PartitionsAssigned(consumer, partitions);
        }
        finally
        {
            _mark.Clear();
            changes?.Changed();
        }

        tracker.Assigned(partitions);
    }

    public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => p.TopicPartition).ToList();
        try
        {
            hooks?.Closing?.Invoke();
            var tasks = _revoked.Take(revoked);
            try
            {
                inner.PartitionsRevoked(consumer, partitions);
            }
            catch
            {
                _revoked.CloseDropped(tasks, revoked, hooks?.RevokedTaskLeftOpen);
                throw;
            }
        }
        finally
        {
            _mark.Clear();
            tracker.Removed(revoked);
            changes?.Changed();
        }
    }

    public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        try
        {
            hooks?.Closing?.Invoke();
            inner.PartitionsLost(consumer, partitions);
            hooks?.Lost?.Invoke();
        }
        finally
        {
            _mark.Clear();
            tracker.Removed(partitions.Select(p => p.TopicPartition));
            changes?.Changed();
        }
    }
}

/// <summary>What else the main consumer's rebalances trigger (see <see cref="AssignmentListener"/>).</summary>
/// <param name="BeforeAssigned">Runs before Streamiz creates the tasks of a new assignment.</param>
/// <param name="Lost">Runs after Streamiz closed the tasks of an assignment the group took away.</param>
/// <param name="Closing">Runs before Streamiz closes the tasks of an assignment revoked or taken away.</param>
/// <param name="Aborting">Runs before the stream thread's producer aborts a transaction (see <see cref="Commit.StreamThreadProducer"/>).</param>
/// <param name="ProducerReplaced">
/// Runs when a stream thread asks for its transactional producer again: Streamiz does that only after it closed every
/// task of the thread as a zombie (see <see cref="AssignmentTrackingSupplier.GetProducer"/>).
/// </param>
/// <param name="RevokedTaskLeftOpen">
/// Runs, with the error, for each revoked task a failed revocation left open that could not be closed either (see
/// <see cref="RevokedTasks"/>): its stores stay locked until the stream is created anew.
/// </param>
public sealed record RebalanceHooks(
    Action? BeforeAssigned,
    Action? Lost,
    Action? Closing = null,
    Action? Aborting = null,
    Action? ProducerReplaced = null,
    Action<Exception>? RevokedTaskLeftOpen = null);
