using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Telemetry;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// One aggregate task's windows between window close and their last 2xx, kept in the task's state store (key
/// <c>u|tenant|seq</c>, value <see cref="UnsentWindowCodec"/>): written on the stream thread as each window is queued,
/// so it is committed with the state and input offsets that produced it; deleted on the stream thread
/// (<see cref="Acknowledge"/>, from the task's punctuator) once the queue has settled the window. A restarted task,
/// or the task's new owner after a rebalance, finds them in its restored store and queues them again, oldest first.
/// Sending one twice (a crash between the 2xx and the delete, or both owners during a move) is harmless: the samples
/// are cumulative values stamped with the window's time, so the receiver keeps one sample per series and window.
/// At most <c>kafka.max_unsent_windows</c> stay stored; past it the oldest is removed and counted.
/// </summary>
public sealed class UnsentWindows : ITaskSinks
{
    private readonly RemoteWriteSinks _sinks;
    private readonly IAggregateStateStore _store;
    private readonly int _max;
    private readonly LinkedList<Stored> _stored = new();
    private readonly Dictionary<string, Appender> _appenders = new(StringComparer.Ordinal);
    private long _sequence;

    public UnsentWindows(RemoteWriteSinks sinks, IAggregateStateStore store, int maxStored)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxStored);
        _sinks = sinks;
        _store = store;
        _max = maxStored;
        Restore();
    }

    public ISeriesAppender For(string tenant)
    {
        var inner = _sinks.For(tenant);
        if (!_appenders.TryGetValue(tenant, out var appender))
        {
            appender = new Appender(this, tenant);
            _appenders.Add(tenant, appender);
        }

        appender.Inner = inner;
        return appender;
    }

    public int Acknowledge()
    {
        var removed = 0;
        var node = _stored.First;
        while (node is not null)
        {
            var next = node.Next;
            if (node.Value.Window.Window.Settled)
            {
                _store.Delete(node.Value.Key);
                _stored.Remove(node);
                removed++;
            }

            node = next;
        }

        return removed;
    }

    private void Keep(string tenant, CommittedWindow window)
    {
        var key = AggregateStateKeys.Unsent(tenant, ++_sequence);
        _store.Put(key, UnsentWindowCodec.Encode(window));
        _stored.AddLast(new Stored(key, tenant, window));
        while (_stored.Count > _max)
        {
            var oldest = _stored.First!.Value;
            _stored.RemoveFirst();
            _store.Delete(oldest.Key);
            Drop(oldest.Tenant, SinkMetricNames.ReasonBacklogFull, "kafka.max_unsent_windows reached; the oldest unsent window is no longer kept for a restart");
        }
    }

    private void Restore()
    {
        var found = new List<(long Sequence, string Key, string Tenant, byte[] Value)>();
        foreach (var (key, value) in _store.All())
        {
            if (key.StartsWith(AggregateStateKeys.UnsentPrefix, StringComparison.Ordinal))
            {
                found.Add((AggregateStateKeys.SequenceOf(key), key, AggregateStateKeys.TenantOf(key), value));
            }
        }

        found.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        foreach (var (sequence, key, tenant, value) in found)
        {
            _sequence = Math.Max(_sequence, sequence);
            if (!UnsentWindowCodec.TryDecode(value, out var window))
            {
                _store.Delete(key);
                Drop(tenant, SinkMetricNames.ReasonUnreadable, "a stored unsent window could not be read");
                continue;
            }

            if (!_sinks.Resend(tenant, window))
            {
                _store.Delete(key);
                Drop(tenant, SinkMetricNames.ReasonEndpointGone, $"remote-write endpoint \"{window.Endpoint}\" is no longer configured for the tenant");
                continue;
            }

            SinkMetrics.UnsentWindowsRestored.WithLabels(tenant).Inc();
            _stored.AddLast(new Stored(key, tenant, window));
        }
    }

    private static void Drop(string tenant, string reason, string message)
    {
        SinkMetrics.UnsentWindowsDropped.WithLabels(tenant, reason).Inc();
        WorkerLogs.HotPath.Warn("unsent windows " + reason, message, "tenant " + tenant);
    }

    private sealed record Stored(string Key, string Tenant, CommittedWindow Window);

    /// <summary>Passes a tenant's collection to its remote write and keeps each window it queued.</summary>
    private sealed class Appender(UnsentWindows owner, string tenant) : ISeriesAppender
    {
        public ISeriesAppender Inner { get; set; } = null!;

        public void AppendSample(in LabelSet labels, long timestampMs, double value) => Inner.AppendSample(labels, timestampMs, value);

        public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram) => Inner.AppendHistogram(labels, histogram);

        public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar) => Inner.AppendExemplar(seriesLabels, exemplar);

        public void Commit(long windowEndMs)
        {
            Inner.Commit(windowEndMs);
            foreach (var window in owner._sinks.LastCommitted(tenant))
            {
                owner.Keep(tenant, window);
            }
        }
    }
}
