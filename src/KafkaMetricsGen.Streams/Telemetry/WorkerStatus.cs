using System.Collections.Concurrent;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// What the health and status endpoints report about the running stream. Written by the stream's state listener and
/// by the stages (from the stream thread), read by HTTP requests: every member is safe to read from any thread.
/// </summary>
public sealed class WorkerStatus
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _lastWindowClosedMs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _pendingWindows = new(StringComparer.Ordinal);
    private volatile string _state = StreamStates.Created;
    private volatile string? _error;
    private long _remoteWriteFailingSinceTicks;
    private long _kafkaUnreachableSinceTicks;
    private long _streamHeartbeatTicks;
    private int[] _assignedPartitions = [];
    private IReadOnlyList<PartitionLag> _lag = [];

    public WorkerStatus(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The Kafka Streams state name (CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN, NOT_RUNNING, ERROR).</summary>
    public string State => _state;

    /// <summary>Why the stream went to ERROR, when it did.</summary>
    public string? Error => _error;

    public IReadOnlyList<int> AssignedPartitions => Volatile.Read(ref _assignedPartitions);

    /// <summary>The consumer group's lag per partition at the last measurement.</summary>
    public IReadOnlyList<PartitionLag> Lag => Volatile.Read(ref _lag);

    public IReadOnlyDictionary<string, long> LastWindowClosedMs => _lastWindowClosedMs;

    public IReadOnlyDictionary<string, int> PendingWindows => _pendingWindows;

    /// <summary>How long remote write has failed without a success in between; zero while it works.</summary>
    public TimeSpan RemoteWriteFailingFor
    {
        get
        {
            var since = Interlocked.Read(ref _remoteWriteFailingSinceTicks);
            return since == 0 ? TimeSpan.Zero : _time.GetUtcNow() - new DateTimeOffset(since, TimeSpan.Zero);
        }
    }

    /// <summary>How long the broker has not answered the worker's periodic requests (lag measurement); zero while it does.</summary>
    public TimeSpan KafkaUnreachableFor
    {
        get
        {
            var since = Interlocked.Read(ref _kafkaUnreachableSinceTicks);
            return since == 0 ? TimeSpan.Zero : _time.GetUtcNow() - new DateTimeOffset(since, TimeSpan.Zero);
        }
    }

    /// <summary>When the stream thread last reported its metrics; null before the first report.</summary>
    public DateTimeOffset? LastStreamHeartbeat
    {
        get
        {
            var ticks = Interlocked.Read(ref _streamHeartbeatTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>How long a RUNNING stream may go without a heartbeat before it counts as stuck (not live).</summary>
    public TimeSpan StallThreshold { get; init; } = TimeSpan.FromMilliseconds(3 * TelemetryDefaults.StreamizMetricsIntervalMs);

    /// <summary>
    /// Alive unless the stream has failed or stopped, or is RUNNING with a stream thread that stopped reporting (a
    /// thread stuck after a rebalance); REBALANCING counts as alive (restores happen there).
    /// </summary>
    public bool IsLive => _state is not (StreamStates.Error or StreamStates.NotRunning) && !IsStalled;

    /// <summary>RUNNING, and the last heartbeat is older than <see cref="StallThreshold"/>.</summary>
    public bool IsStalled =>
        _state == StreamStates.Running && LastStreamHeartbeat is { } last && _time.GetUtcNow() - last > StallThreshold;

    /// <summary>
    /// Ready only while RUNNING, the broker answers (a hung broker leaves the stream RUNNING but processing nothing),
    /// and remote write has not been failing for longer than <paramref name="remoteWriteFailureThreshold"/>.
    /// </summary>
    public bool IsReady(TimeSpan remoteWriteFailureThreshold) =>
        _state == StreamStates.Running && Interlocked.Read(ref _kafkaUnreachableSinceTicks) == 0 && RemoteWriteFailingFor <= remoteWriteFailureThreshold;

    public void SetState(string state)
    {
        _state = state;

        // A rebalance pauses the reporter; the stall clock restarts when the stream runs again.
        if (state == StreamStates.Running)
        {
            StreamHeartbeat();
        }
    }

    public void StreamHeartbeat() => Interlocked.Exchange(ref _streamHeartbeatTicks, _time.GetUtcNow().UtcTicks);

    public void SetError(string reason)
    {
        _error = reason;
        _state = StreamStates.Error;
    }

    public void SetAssignedPartitions(IEnumerable<int> partitions) => Volatile.Write(ref _assignedPartitions, partitions.Order().ToArray());

    public void SetLag(IReadOnlyList<PartitionLag> lag) => Volatile.Write(ref _lag, lag);

    /// <summary>Records the newest window written for a tenant and how long after its end that happened.</summary>
    public void WindowClosed(string tenant, long windowEndMs)
    {
        _lastWindowClosedMs[tenant] = windowEndMs;
        var delay = (_time.GetUtcNow().ToUnixTimeMilliseconds() - windowEndMs) / 1000.0;
        TelemetryMetrics.WindowCloseDelay.WithLabels(tenant).Observe(Math.Max(0, delay));
    }

    public void SetPendingWindows(string tenant, int count) => _pendingWindows[tenant] = count;

    public void KafkaAnswered() => Interlocked.Exchange(ref _kafkaUnreachableSinceTicks, 0);

    public void KafkaUnreachable() =>
        Interlocked.CompareExchange(ref _kafkaUnreachableSinceTicks, _time.GetUtcNow().UtcTicks, 0);

    public void RemoteWriteSucceeded() => Interlocked.Exchange(ref _remoteWriteFailingSinceTicks, 0);

    public void RemoteWriteFailed() =>
        Interlocked.CompareExchange(ref _remoteWriteFailingSinceTicks, _time.GetUtcNow().UtcTicks, 0);
}
