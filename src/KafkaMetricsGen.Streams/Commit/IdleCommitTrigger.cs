using System.Reflection;
using Streamiz.Kafka.Net;

namespace KafkaMetricsGen.Streams.Commit;

/// <summary>
/// Under exactly-once, commits a stream thread's open transaction as soon as the thread has gone idle instead of at the
/// end of the commit interval. A stage reads an internal topic only up to the last committed transaction, so each hop
/// otherwise holds a burst's last records (and the close of its last window) for up to a commit interval: two hops and
/// a 5 s interval kept the last window 9–10 s behind the last span. While records keep arriving nothing changes, so the
/// commit interval still sets how often a busy worker commits; Kafka Streams honours a processor's commit request at
/// once in the same way.
/// </summary>
/// <remarks>
/// Streamiz 1.8 has no such request (a requested commit waits for the interval) and keeps what is needed internal: the
/// stream's threads, each thread's count of records processed, its last poll and last commit, and whether its producer has
/// a transaction open. They are reached by reflection, checked when the type loads, so a Streamiz upgrade that renames
/// them fails at start, not silently. Every check reads the thread's state from a timer thread and at most moves its
/// last-commit time back, which the stream thread reads in its own loop before it decides to commit; a commit it then
/// makes is the one it would have made at the end of the interval, so the guarantee is untouched.
/// </remarks>
public sealed class IdleCommitTrigger : IDisposable
{
    /// <summary>How often each thread is checked: Kafka Streams' own commit interval under exactly-once.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
    private static readonly Type StreamThreadType = Find(typeof(KafkaStream).Assembly.GetType("Streamiz.Kafka.Net.Processors.StreamThread"), "StreamThread");
    private static readonly FieldInfo Threads = Find(typeof(KafkaStream).GetField("threads", Private), "KafkaStream.threads");
    private static readonly FieldInfo LastCommit = Find(StreamThreadType.GetField("lastCommit", Private), "StreamThread.lastCommit");
    private static readonly FieldInfo Processed = Find(StreamThreadType.GetField("summaryProcessed", Private), "StreamThread.summaryProcessed");
    private static readonly FieldInfo LastPoll = Find(StreamThreadType.GetField("lastPollMs", Private), "StreamThread.lastPollMs");
    private static readonly PropertyInfo Manager = Find(StreamThreadType.GetProperty("Manager", Private), "StreamThread.Manager");
    private static readonly PropertyInfo Producer = Find(Manager.PropertyType.GetProperty("Producer"), "TaskManager.Producer");
    private static readonly PropertyInfo TransactionInFlight = Find(Producer.PropertyType.GetProperty("TransactionInFlight"), "StreamsProducer.TransactionInFlight");

    private readonly ITimer _timer;
    private Watched[] _watched = [];
    private long _triggered;

    /// <param name="time">Clock of the checks.</param>
    /// <param name="interval">How often each thread is checked; a thread is idle when it processed nothing since the last check.</param>
    public IdleCommitTrigger(TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(time);
        _timer = time.CreateTimer(_ => Check(), null, interval, interval);
    }

    /// <summary>How many commits the trigger brought forward.</summary>
    public long Triggered => Interlocked.Read(ref _triggered);

    /// <summary>Watches the threads of <paramref name="stream"/> (a stream created anew replaces the one before).</summary>
    public void Watch(KafkaStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var threads = (Array?)Threads.GetValue(stream) ?? Array.Empty<object>();
        var watched = new Watched[threads.Length];
        for (var i = 0; i < threads.Length; i++)
        {
            var thread = threads.GetValue(i)!;
            watched[i] = new Watched(thread, Producer.GetValue(Manager.GetValue(thread)));
        }

        Volatile.Write(ref _watched, watched);
    }

    /// <summary>One check of every watched thread (the timer's callback).</summary>
    public void Check()
    {
        foreach (var watched in Volatile.Read(ref _watched))
        {
            // Idle: the loop polled again (it is not busy in one long step, a commit say, nor starved of CPU) and processed
            // nothing since the last check.
            var processed = (long)Processed.GetValue(watched.Thread)!;
            var polled = (long)LastPoll.GetValue(watched.Thread)!;
            var idle = processed == watched.LastProcessed && polled != watched.LastPoll;
            watched.LastProcessed = processed;
            watched.LastPoll = polled;
            if (idle && watched.Producer is { } producer && (bool)TransactionInFlight.GetValue(producer)!)
            {
                LastCommit.SetValue(watched.Thread, DateTime.MinValue);
                Interlocked.Increment(ref _triggered);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private static T Find<T>(T? member, string name)
        where T : class
        => member ?? throw new InvalidOperationException($"Streamiz {name} not found; this Streamiz version is not supported");

    private sealed class Watched(object thread, object? producer)
    {
        public object Thread { get; } = thread;

        public object? Producer { get; } = producer;

        public long LastProcessed { get; set; } = -1;

        public long LastPoll { get; set; } = -1;
    }
}
