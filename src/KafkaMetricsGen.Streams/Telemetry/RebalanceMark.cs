using Streamiz.Kafka.Net.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Streamiz's "rebalance in progress" mark of one stream thread, cleared after every rebalance callback. Streamiz sets
/// it when a callback starts and clears it only when the callback's work succeeded; while it is set the stream thread
/// does not poll its consumer (it sleeps instead), so librdkafka can hand it no further rebalance, and the thread stays
/// out of its group for good while the stream reports RUNNING. A callback that fails leaves it set: tasks that cannot
/// be created on an assignment (Streamiz reports the error and goes on), a revoked task whose commit or close throws.
/// Streamiz then closes the tasks, unsubscribes and subscribes again, and waits for a rebalance that can never come.
/// Streamiz keeps the mark internal (its task manager's <c>RebalanceInProgress</c>), so it is reached by reflection,
/// once per consumer; a Streamiz that no longer has it fails the consumer's creation, naming it.
/// </summary>
internal sealed class RebalanceMark
{
    // Streamiz 1.8: TaskManager.RebalanceInProgress.
    private const string MarkProperty = "RebalanceInProgress";
    private const string Purpose = "the worker clears it after a failed rebalance callback (else the stream thread stops polling for good); " +
        "update RebalanceMark for this version";

    private readonly Action<bool>? _set;

    private RebalanceMark(Action<bool>? set) => _set = set;

    /// <summary>The mark of the thread <paramref name="listener"/> belongs to; none for a listener that is not Streamiz's.</summary>
    public static RebalanceMark Of(IConsumerRebalanceListener listener)
    {
        var manager = StreamizTaskManager.Of(listener, Purpose);
        if (manager is null)
        {
            return new RebalanceMark(null);
        }

        var setter = manager.GetType().GetProperty(MarkProperty, StreamizTaskManager.Members)?.GetSetMethod(nonPublic: true)
            ?? throw new InvalidOperationException(StreamizTaskManager.Missing("manager." + MarkProperty, Purpose));
        return new RebalanceMark((Action<bool>)setter.CreateDelegate(typeof(Action<bool>), manager));
    }

    /// <summary>Ends the rebalance as far as the stream thread's loop is concerned, whether its work succeeded or not.</summary>
    public void Clear() => _set?.Invoke(false);
}
