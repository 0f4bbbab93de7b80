using System.Collections.Concurrent;
using System.Reflection;
using Streamiz.Kafka.Net;

namespace KafkaMetricsGen.Streams.Commit;

/// <summary>
/// Under at-least-once, makes a stream thread commit soon while it works through a backlog. Streamiz commits by time
/// only (<c>commit_interval</c> after the previous commit, the first one that long after the tasks start), so a worker
/// restarted after a crash works through everything that arrived while it was down before its first commit; killed in
/// that time, its successor processes all of it again. Once the oldest record a thread processed since its last commit
/// is older than one commit interval (by its Kafka timestamp), the thread commits after the current processing round:
/// a thread that is behind commits as it catches up, one that keeps up commits on the interval as before. So the input
/// a crash replays per stage was written within one commit interval, plus what one catch-up round covers.
/// <para>
/// A commit flushes every task's stores and producer, so its cost grows with the tasks a thread owns (about 1 ms a
/// task here). Catch-up commits are therefore spaced by <see cref="CommitDefaults.CatchUpCostFactor"/> times the last
/// one's duration, at least <see cref="CommitDefaults.CatchUpCommitInterval"/> and at most the commit interval: a thread
/// that is behind spends at most about a tenth of its time committing. With a fixed 100 ms a thread of 82 tasks spent
/// most of it there (docs/benchmarks.md).
/// </para>
/// <para>
/// Streamiz offers no commit on request (<c>ProcessorContext.Commit</c> waits for the interval too), so the pacer moves
/// the thread's last commit time back. The fields are reached by reflection once per process, checked when the type
/// loads: a Streamiz upgrade that renames them fails at start, not silently.
/// </para>
/// </summary>
public sealed class CommitPacer
{
    private static readonly FieldInfo Threads =
        typeof(KafkaStream).GetField("threads", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("Streamiz KafkaStream.threads not found; this Streamiz version is not supported");

    private static readonly Type StreamThread =
        typeof(KafkaStream).Assembly.GetType("Streamiz.Kafka.Net.Processors.StreamThread")
        ?? throw new InvalidOperationException("Streamiz StreamThread not found; this Streamiz version is not supported");

    private static readonly FieldInfo LastCommit =
        StreamThread.GetField("lastCommit", BindingFlags.Instance | BindingFlags.NonPublic) is { } field && field.FieldType == typeof(DateTime)
            ? field
            : throw new InvalidOperationException("Streamiz StreamThread.lastCommit not found; this Streamiz version is not supported");

    private static readonly PropertyInfo ThreadId =
        StreamThread.GetProperty("Id", BindingFlags.Instance | BindingFlags.Public) is { } property && property.PropertyType == typeof(int)
            ? property
            : throw new InvalidOperationException("Streamiz StreamThread.Id not found; this Streamiz version is not supported");

    // Boxed once: setting the field allocates nothing.
    private static readonly object LongAgo = DateTime.MinValue;

    // Stream threads by managed thread id: a stage finds its own thread's pacer from the thread it runs on.
    private static readonly ConcurrentDictionary<int, CommitPacer> ByThread = new();

    private readonly Action _requestCommit;
    private readonly TimeProvider _time;
    private readonly long _behindMs;
    private readonly long _minCatchUpMs;
    private long _catchUpMs;
    private long _lastCommitMs;
    private long _requestedAtMs;
    private long _oldestUncommittedMs = long.MaxValue;
    private bool _requested;
    private bool _measuring;

    /// <param name="requestCommit">Makes the thread commit after its current processing round.</param>
    internal CommitPacer(Action requestCommit, TimeSpan commitInterval, TimeProvider time)
    {
        _requestCommit = requestCommit;
        _time = time;
        _behindMs = (long)commitInterval.TotalMilliseconds;
        _minCatchUpMs = Math.Min(_behindMs, (long)CommitDefaults.CatchUpCommitInterval.TotalMilliseconds);
        _catchUpMs = _minCatchUpMs;
        _lastCommitMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>
    /// Paces every stream thread of <paramref name="stream"/> (call before it starts, under at-least-once only: under
    /// exactly-once every commit is a transaction, already every 100 ms by default). Returns how many threads it paces.
    /// </summary>
    public static int Attach(KafkaStream stream, TimeSpan commitInterval, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(time);
        var attached = 0;
        foreach (var thread in (Threads.GetValue(stream) as Array) ?? Array.Empty<object>())
        {
            if (thread is not null && StreamThread.IsInstanceOfType(thread))
            {
                var streamThread = thread;
                ByThread[(int)ThreadId.GetValue(thread)!] = new CommitPacer(() => LastCommit.SetValue(streamThread, LongAgo), commitInterval, time);
                attached++;
            }
        }

        return attached;
    }

    /// <summary>The pacer of the stream thread this runs on; null when none is attached (exactly-once, tests).</summary>
    public static CommitPacer? ForCurrentThread() => ByThread.TryGetValue(Environment.CurrentManagedThreadId, out var pacer) ? pacer : null;

    /// <summary>True once a commit was asked for and has not happened yet.</summary>
    public bool CommitRequested => _requested;

    /// <summary>How long the thread waits between catch-up commits now (grows with what a commit costs).</summary>
    public TimeSpan CatchUpInterval => TimeSpan.FromMilliseconds(_catchUpMs);

    /// <summary>
    /// A stage is about to process a record with this timestamp: asks for a commit once the oldest record processed
    /// since the last commit is older than one commit interval and the last catch-up commit is far enough back.
    /// </summary>
    public void Observe(long recordTimestampMs)
    {
        if (_requested)
        {
            return;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_measuring)
        {
            // The first record after a requested commit: the commit took about this long.
            _measuring = false;
            _catchUpMs = Math.Clamp((now - _requestedAtMs) * CommitDefaults.CatchUpCostFactor, _minCatchUpMs, _behindMs);
        }

        _oldestUncommittedMs = Math.Min(_oldestUncommittedMs, recordTimestampMs);
        if (now - _oldestUncommittedMs > _behindMs && now - _lastCommitMs >= _catchUpMs)
        {
            _requestCommit();
            _requested = true;
            _requestedAtMs = now;
        }
    }

    /// <summary>A commit flushed the stages' buffers (every task of the thread commits together).</summary>
    public void Committed()
    {
        _measuring |= _requested;
        _requested = false;
        _oldestUncommittedMs = long.MaxValue;
        _lastCommitMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
    }
}
