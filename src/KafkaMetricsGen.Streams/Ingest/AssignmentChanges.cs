namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// Counts the rebalance callbacks of one consumer, so that <see cref="StreamThreadConsumer"/> can keep its assignment
/// between them: the group changes a consumer's assignment only inside such a callback, or right after it returns,
/// within the same poll.
/// </summary>
public sealed class AssignmentChanges
{
    private int _version;

    /// <summary>Moves on at the end of every rebalance callback.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>A rebalance callback has run (call it last in the callback).</summary>
    public void Changed() => Interlocked.Increment(ref _version);
}
