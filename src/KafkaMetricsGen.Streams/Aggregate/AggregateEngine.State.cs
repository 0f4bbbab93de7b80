using System.Buffers;
using System.Buffers.Binary;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>The engine's state in the store: what it writes at a flush and at a closed window, and how it restores.</summary>
public sealed partial class AggregateEngine
{
    /// <summary>
    /// Writes what <see cref="Apply"/> took in since the last flush or closed window: each changed tenant's pending
    /// windows (the deltas merged per window and series; the entries they replace are deleted) and each changed upstream
    /// watermark. The store then holds the same state as with a put per record, in fewer and smaller entries.
    /// </summary>
    public void Flush()
    {
        foreach (var state in _tenants.Values)
        {
            if (state.Unwritten)
            {
                WritePending(state);
            }
        }

        foreach (var source in _changedWatermarks)
        {
            WriteWatermark(source);
        }

        _changedWatermarks.Clear();
    }

    private void WriteWatermark(int sourcePartition)
    {
        if (sourcePartition >= _watermarks.Length)
        {
            return;
        }

        var bytes = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, _watermarks.Length);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4), _watermarks[sourcePartition]);
        StateEntryWrites.Watermark.Put(_store, AggregateStateKeys.Watermark(sourcePartition), bytes);
    }

    private void Persist(TenantState state)
    {
        var tenant = state.Accumulator.Tenant;
        var writer = WritePending(state);

        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in state.Accumulator.Series)
        {
            writer.Clear();
            series.Write(writer);
            var key = AggregateStateKeys.Series(tenant, series.SeriesKey);
            StateEntryWrites.Series.Put(_store, key, writer.WrittenSpan.ToArray());
            live.Add(key);
        }

        foreach (var gone in state.SeriesKeys)
        {
            if (!live.Contains(gone))
            {
                StateEntryWrites.Series.Delete(_store, gone);
            }
        }

        state.SeriesKeys = live;
        var closed = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(closed, state.Accumulator.LastClosedWindowEndMs);
        StateEntryWrites.Closed.Put(_store, AggregateStateKeys.Closed(tenant), closed);
    }

    /// <summary>Replaces the tenant's pending entries with one per pending window; returns the writer, for reuse.</summary>
    private ArrayBufferWriter<byte> WritePending(TenantState state)
    {
        var tenant = state.Accumulator.Tenant;
        foreach (var key in state.PendingKeys)
        {
            StateEntryWrites.Pending.Delete(_store, key);
        }

        state.PendingKeys.Clear();
        state.Unwritten = false;
        var writer = new ArrayBufferWriter<byte>(1024);
        foreach (var window in state.Accumulator.PendingWindows)
        {
            writer.Clear();
            window.Write(writer);
            var key = AggregateStateKeys.Pending(tenant, ++_sequence);
            StateEntryWrites.Pending.Put(_store, key, writer.WrittenSpan.ToArray());
            state.PendingKeys.Add(key);
        }

        return writer;
    }

    private void Restore()
    {
        var series = new Dictionary<string, List<AccumulatedSeries>>(StringComparer.Ordinal);
        var pending = new Dictionary<string, List<(string Key, SeriesDeltaBatch Batch)>>(StringComparer.Ordinal);
        var closed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in _store.All())
        {
            if (key.StartsWith(AggregateStateKeys.SeriesPrefix, StringComparison.Ordinal) && AccumulatedSeries.TryRead(value, out var s))
            {
                Add(series, AggregateStateKeys.TenantOf(key), s);
            }
            else if (key.StartsWith(AggregateStateKeys.PendingPrefix, StringComparison.Ordinal) && SeriesDeltaBatch.TryRead(value, out var batch))
            {
                Add(pending, AggregateStateKeys.TenantOf(key), (key, batch));
                _sequence = Math.Max(_sequence, long.Parse(key.AsSpan(key.LastIndexOf('|') + 1), System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (key.StartsWith(AggregateStateKeys.ClosedPrefix, StringComparison.Ordinal) && value.Length == 8)
            {
                closed[key[AggregateStateKeys.ClosedPrefix.Length..]] = BinaryPrimitives.ReadInt64LittleEndian(value);
            }
            else if (key.StartsWith(AggregateStateKeys.WatermarkPrefix, StringComparison.Ordinal) && value.Length == 12)
            {
                var partition = int.Parse(key.AsSpan(AggregateStateKeys.WatermarkPrefix.Length), System.Globalization.CultureInfo.InvariantCulture);
                ApplyWatermark(partition, BinaryPrimitives.ReadInt32LittleEndian(value), BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(4)), write: false);
            }
        }

        foreach (var tenant in series.Keys.Concat(pending.Keys).Concat(closed.Keys).Distinct(StringComparer.Ordinal))
        {
            var state = Tenant(tenant);
            var tenantSeries = series.GetValueOrDefault(tenant) ?? [];
            var tenantPending = pending.GetValueOrDefault(tenant) ?? [];
            state.Accumulator.Restore(closed.GetValueOrDefault(tenant, long.MinValue), tenantSeries, tenantPending.Select(p => p.Batch));
            state.SeriesKeys = tenantSeries.Select(s => AggregateStateKeys.Series(tenant, s.SeriesKey)).ToHashSet(StringComparer.Ordinal);
            state.PendingKeys.AddRange(tenantPending.Select(p => p.Key));
        }
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string tenant, T item)
    {
        if (!map.TryGetValue(tenant, out var list))
        {
            map[tenant] = list = [];
        }

        list.Add(item);
    }
}
