namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// Sinks that keep each aggregate task's closed windows in the task's state store until they are sent, so windows
/// waiting for the receiver survive a crash or a move of the task with the state they came from.
/// </summary>
public interface IDurableTenantSinks
{
    /// <summary>
    /// The sinks one task writes to, keeping its unsent windows in <paramref name="store"/>. Windows the store already
    /// holds (from before a restart or rebalance) are queued again before anything new; call on the stream thread once
    /// the task is restored.
    /// </summary>
    ITaskSinks ForTask(IAggregateStateStore store);
}
