using KafkaMetricsGen.Streams.Telemetry;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// Bounds how long a stream thread that closed its tasks to rejoin its group (after a transient error, or because the
/// group revoked its assignment or took it away) may go without a new assignment while Kafka answers. After Streamiz closes the
/// tasks and subscribes again, the consumer was seen to stay out of the group for good after a broker restart (no
/// assignment, no rebalance callback, the input's lag growing) while the stream still reported RUNNING; a stream created
/// anew joins at once. The cause found (a failed rebalance callback left Streamiz's thread without polling) is handled
/// where it arises (<see cref="Telemetry.RebalanceMark"/>); this stays as the bound. Time during which Kafka does not
/// answer (see <see cref="WorkerStatus.KafkaUnreachableFor"/>) does not count: a rejoin cannot finish while the broker
/// is away.
/// </summary>
public sealed class RejoinWatch(WorkerStatus status, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // UTC ticks from which the wait counts; 0 while no rejoin is awaited.
    private long _waitingSinceTicks;

    /// <summary>On the stream thread: its tasks close and it rejoins; the wait starts (an earlier start stands).</summary>
    public void Rejoining() => Interlocked.CompareExchange(ref _waitingSinceTicks, _time.GetUtcNow().UtcTicks, 0);

    /// <summary>On the stream thread: an assignment arrived (an empty one counts: the group answered).</summary>
    public void Assigned() => Volatile.Write(ref _waitingSinceTicks, 0);

    /// <summary>
    /// How long the awaited assignment is overdue beyond <paramref name="limit"/>, counted only while Kafka answers;
    /// null while none is awaited or it is not overdue. While Kafka does not answer the wait starts again from now.
    /// </summary>
    public TimeSpan? Overdue(TimeSpan limit)
    {
        var since = Volatile.Read(ref _waitingSinceTicks);
        if (since == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow().UtcTicks;
        if (status.KafkaUnreachableFor > TimeSpan.Zero)
        {
            Interlocked.CompareExchange(ref _waitingSinceTicks, now, since);
            return null;
        }

        var waited = TimeSpan.FromTicks(now - since);
        return waited > limit ? waited : null;
    }
}
