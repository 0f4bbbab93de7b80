using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// The aggregate stage of one task (one series partition), without Kafka: adds series deltas into cumulative state per
/// tenant, follows the watermark of every upstream generate task, and when the lowest of them passes a window end +
/// grace writes every active series of that window to the tenant's sink. State goes to an
/// <see cref="IAggregateStateStore"/> so a restart continues the counters instead of resetting them: incoming deltas are
/// written as they come (one put per record), or, once <see cref="WriteAtFlush"/> was called, as the pending windows
/// they were merged into when the caller flushes before each commit (one put per open window instead of one per record
/// of every upstream task); the cumulative series once per closed window. A series partition of a
/// split tenant does not write overflow series: what its limiter refuses waits in <see cref="DrainOverflow"/> for the
/// tenant's one overflow writer (<see cref="OverflowWriter"/>, fed by the overflow-deltas topic).
/// </summary>
public sealed partial class AggregateEngine
{
    private readonly ITenantConfigSource _configs;
    private readonly ITenantSinks _sinks;
    private readonly IAggregateStateStore _store;
    private readonly WorkerStatus? _status;
    private readonly SeriesPartition _partition;
    private readonly AggregateRole _role;
    private readonly Dictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);
    private long[] _watermarks = [];
    private readonly HashSet<int> _changedWatermarks = [];
    private long _sequence;
    private bool _writeAtFlush;

    /// <summary>An engine that holds every series of its tenants and writes their overflow series itself.</summary>
    public AggregateEngine(ITenantConfigSource configs, ITenantSinks sinks, IAggregateStateStore store, WorkerStatus? status = null)
        : this(configs, sinks, store, SeriesPartition.Whole, AggregateRole.Whole, status)
    {
    }

    /// <summary>One series partition: keeps to its share of each limit and hands refused data to <see cref="DrainOverflow"/>.</summary>
    /// <param name="partition">The series partition this task holds, of how many.</param>
    public AggregateEngine(ITenantConfigSource configs, ITenantSinks sinks, IAggregateStateStore store, SeriesPartition partition, WorkerStatus? status = null)
        : this(configs, sinks, store, partition, AggregateRole.SeriesPartition, status)
    {
    }

    private AggregateEngine(ITenantConfigSource configs, ITenantSinks sinks, IAggregateStateStore store, SeriesPartition partition, AggregateRole role, WorkerStatus? status)
    {
        _configs = configs;
        _partition = partition;
        _role = role;
        _sinks = sinks;
        _store = store;
        _status = status;
        Restore();
    }

    /// <summary>
    /// The one writer of its tenants' overflow series: it takes the refused deltas and the watermarks of every series
    /// partition (<see cref="Apply"/>) and writes, limiting nothing, when the lowest watermark closes a window.
    /// </summary>
    public static AggregateEngine OverflowWriter(ITenantConfigSource configs, ITenantSinks sinks, IAggregateStateStore store, WorkerStatus? status = null) =>
        new(configs, sinks, store, SeriesPartition.Whole, AggregateRole.OverflowWriter, status);

    /// <summary>The lowest upstream watermark; <see cref="long.MinValue"/> until every upstream task has reported.</summary>
    public long WatermarkMs
    {
        get
        {
            if (_watermarks.Length == 0)
            {
                return long.MinValue;
            }

            var min = long.MaxValue;
            foreach (var w in _watermarks)
            {
                min = Math.Min(min, w);
            }

            return min;
        }
    }

    public IEnumerable<SeriesAccumulator> Accumulators => _tenants.Values.Select(t => t.Accumulator);

    /// <summary>Applies one stage record (deltas or a watermark); false when it is neither.</summary>
    public bool Apply(ReadOnlySpan<byte> record)
    {
        if (StageRecord.TryReadWatermark(record, out var partition, out var partitions, out var watermark))
        {
            ApplyWatermark(partition, partitions, watermark);
            return true;
        }

        if (!StageRecord.TryReadDeltas(record, out var batch))
        {
            return false;
        }

        var state = Tenant(batch.Tenant);
        Refresh(state);
        if (_writeAtFlush)
        {
            state.Unwritten = true;
        }
        else
        {
            var key = AggregateStateKeys.Pending(batch.Tenant, ++_sequence);
            StateEntryWrites.Pending.Put(_store, key, record[1..].ToArray());
            state.PendingKeys.Add(key);
        }

        state.Accumulator.Apply(batch);
        return true;
    }

    /// <summary>
    /// From now on incoming deltas and watermarks are written to the store only by <see cref="Flush"/>, which the caller
    /// runs before every commit (a commit hook), so what a commit covers is in the store when it commits.
    /// </summary>
    public void WriteAtFlush() => _writeAtFlush = true;

    public void ApplyWatermark(int sourcePartition, int sourcePartitions, long watermarkMs) => ApplyWatermark(sourcePartition, sourcePartitions, watermarkMs, write: true);

    private void ApplyWatermark(int sourcePartition, int sourcePartitions, long watermarkMs, bool write)
    {
        if (_watermarks.Length != sourcePartitions)
        {
            var resized = new long[sourcePartitions];
            Array.Fill(resized, long.MinValue);
            Array.Copy(_watermarks, resized, Math.Min(_watermarks.Length, sourcePartitions));
            _watermarks = resized;
        }

        if (sourcePartition >= 0 && sourcePartition < _watermarks.Length && watermarkMs > _watermarks[sourcePartition])
        {
            _watermarks[sourcePartition] = watermarkMs;
            if (!write)
            {
                return;
            }

            if (_writeAtFlush)
            {
                _changedWatermarks.Add(sourcePartition);
            }
            else
            {
                WriteWatermark(sourcePartition);
            }
        }
    }

    /// <summary>Writes every window the watermark has closed; returns how many windows were written.</summary>
    public int Collect() => Collect(WatermarkMs, final: false);

    /// <summary>End of input (offline runs, tests): closes every window that holds data.</summary>
    public int CollectAll() => Collect(long.MaxValue, final: true);

    private int Collect(long watermarkMs, bool final)
    {
        if (watermarkMs == long.MinValue && !final)
        {
            return 0;
        }

        var total = 0;
        foreach (var state in _tenants.Values)
        {
            Refresh(state);
            var accumulator = state.Accumulator;
            var closed = final ? accumulator.CollectAll(_sinks.For(accumulator.Tenant)) : accumulator.Collect(_sinks.For(accumulator.Tenant), watermarkMs);
            if (closed == 0)
            {
                continue;
            }

            total += closed;
            Persist(state);
            _status?.WindowClosed(accumulator.Tenant, accumulator.LastClosedWindowEndMs);
        }

        return total;
    }

    /// <summary>The task is closing (rebalance, shutdown): its series leave the instance's per-tenant gauges.</summary>
    public void Close()
    {
        foreach (var state in _tenants.Values)
        {
            state.Accumulator.ReleaseGauges();
        }
    }
}
