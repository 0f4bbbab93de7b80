using Prometheus;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>The write counters of one kind of aggregate state entry, resolved once.</summary>
internal sealed class StateEntryWrites(string entry)
{
    private readonly Counter.Child _puts = AggregateMetrics.StatePuts.WithLabels(entry);
    private readonly Counter.Child _bytes = AggregateMetrics.StatePutBytes.WithLabels(entry);
    private readonly Counter.Child _deletes = AggregateMetrics.StateDeletes.WithLabels(entry);

    public static StateEntryWrites Series { get; } = new(AggregateMetrics.EntrySeries);

    public static StateEntryWrites Pending { get; } = new(AggregateMetrics.EntryPending);

    public static StateEntryWrites Closed { get; } = new(AggregateMetrics.EntryClosed);

    public static StateEntryWrites Watermark { get; } = new(AggregateMetrics.EntryWatermark);

    public void Put(IAggregateStateStore store, string key, byte[] value)
    {
        store.Put(key, value);
        _puts.Inc();
        _bytes.Inc(value.Length);
    }

    public void Delete(IAggregateStateStore store, string key)
    {
        store.Delete(key);
        _deletes.Inc();
    }
}
