using Prometheus;

namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary>
/// Tempo's entity limiter (<c>limiter_type: entity</c>, <c>max_active_entities</c>). An entity is a label set without
/// the metric name, so the calls counter and the latency histogram of one service and operation are one entity. An
/// entity is admitted while fewer than the limit are active; after that the series of new entities go to the overflow
/// series, while every series of an admitted entity is still accepted. An entity ends when its last series is removed
/// for staleness. Entities are told apart by their 64-bit label hash, as Tempo does.
/// </summary>
/// <remarks>
/// Only the creation and removal of a series call it, never an update of a known series. Several limiters of one
/// tenant (one per series partition) share the gauges: each adds the change of its own count, so the active gauge is
/// their sum. Not thread-safe (one per accumulator).
/// </remarks>
public sealed class EntityLimiter
{
    private readonly Dictionary<ulong, int> _seriesPerEntity = [];
    private readonly Counter.Child _added;
    private readonly Counter.Child _removed;
    private readonly Counter.Child _limited;
    private readonly Gauge.Child _active;
    private readonly Gauge.Child _max;
    private readonly Gauge.Child _demand;
    private readonly CardinalityWindow _demandWindow;
    private readonly long _sketchMs = (long)LimiterDefaults.SketchDuration.TotalMilliseconds;
    private long _share = long.MaxValue;
    private long _reported;
    private long _reportedDemand;
    private long _demandAdvancedMs = long.MinValue;

    /// <param name="staleDuration">The span of the demand estimate, as the series' stale duration.</param>
    public EntityLimiter(string tenant, TimeSpan staleDuration)
    {
        _demand = LimiterMetrics.EntityDemand.WithLabels(tenant);
        _demandWindow = new CardinalityWindow(staleDuration);
        _added = LimiterMetrics.EntitiesAdded.WithLabels(tenant);
        _removed = LimiterMetrics.EntitiesRemoved.WithLabels(tenant);
        _limited = LimiterMetrics.EntitiesLimited.WithLabels(tenant);
        _active = LimiterMetrics.ActiveEntities.WithLabels(tenant);
        _max = LimiterMetrics.MaxActiveEntities.WithLabels(tenant);
    }

    /// <summary>Active entities held by this limiter.</summary>
    public int Count => _seriesPerEntity.Count;

    /// <summary>
    /// Sets the limit: <paramref name="share"/> is this limiter's part of <paramref name="tenantLimit"/> (see
    /// <see cref="SeriesPartition.ShareOf"/>); a tenant limit of 0 is unlimited. Active entities are kept.
    /// </summary>
    public void SetLimit(int tenantLimit, long share)
    {
        _share = tenantLimit == 0 ? long.MaxValue : share;
        _max.Set(tenantLimit);
    }

    /// <summary>
    /// Admits a new series of <paramref name="entity"/>: true when the entity is active or there is room for it (it
    /// then counts the series), false when it is new and the limit is reached (counted as limited).
    /// </summary>
    public bool TryAdd(ulong entity)
    {
        ref var series = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_seriesPerEntity, entity);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref series))
        {
            series++;
            return true;
        }

        if (_seriesPerEntity.Count >= _share)
        {
            _limited.Inc();
            return false;
        }

        _seriesPerEntity.Add(entity, 1);
        _added.Inc();
        Report();
        return true;
    }

    /// <summary>Counts a series of <paramref name="entity"/> without limiting (state restored after a restart).</summary>
    public void Track(ulong entity)
    {
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_seriesPerEntity, entity, out _)++;
        Report();
    }

    /// <summary>One series of <paramref name="entity"/> ended; the entity ends with its last series.</summary>
    public void Remove(ulong entity)
    {
        ref var series = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_seriesPerEntity, entity);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref series))
        {
            return;
        }

        if (--series <= 0)
        {
            _seriesPerEntity.Remove(entity);
            _removed.Inc();
            Report();
        }
    }

    /// <summary>Counts <paramref name="entity"/> in the demand estimate (every delta, limited or not).</summary>
    /// <remarks>The label hash is FNV-1a, whose high bits (the sketch's register index) barely vary between similar
    /// sets, so it is mixed first.</remarks>
    public void Observe(ulong entity) => _demandWindow.Insert(SeriesKey.Of(0, entity));

    /// <summary>
    /// Moves the demand window on to <paramref name="nowMs"/> (event time, one sketch per
    /// <see cref="LimiterDefaults.SketchDuration"/>) and reports the estimate. A tenant's partitions add their
    /// estimates, so an entity whose metrics land in several partitions counts in each: the gauge is an upper bound.
    /// </summary>
    public void UpdateDemand(long nowMs)
    {
        if (_demandAdvancedMs == long.MinValue)
        {
            _demandAdvancedMs = nowMs;
        }
        else if (nowMs - _demandAdvancedMs >= _sketchMs)
        {
            var steps = (nowMs - _demandAdvancedMs) / _sketchMs;
            _demandAdvancedMs += steps * _sketchMs;
            _demandWindow.Advance((int)Math.Min(int.MaxValue, steps));
        }

        var estimate = (long)_demandWindow.Estimate();
        Change(_demand, estimate - _reportedDemand);
        _reportedDemand = estimate;
    }

    /// <summary>Forgets every entity and takes them out of the shared gauge (state replaced or task closed).</summary>
    public void Clear()
    {
        _seriesPerEntity.Clear();
        Report();
        Change(_demand, -_reportedDemand);
        _reportedDemand = 0;
    }

    private static void Change(Gauge.Child gauge, long by)
    {
        if (by > 0)
        {
            gauge.Inc(by);
        }
        else if (by < 0)
        {
            gauge.Dec(-by);
        }
    }

    private void Report()
    {
        Change(_active, _seriesPerEntity.Count - _reported);
        _reported = _seriesPerEntity.Count;
    }
}
