using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.Core.Windows;
using Prometheus;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// The aggregate-stage registry of one tenant: adds <see cref="SeriesDelta"/>s into cumulative series and, as the
/// watermark passes each window end + grace, writes every active series at that window's end (as Tempo does, with
/// event time instead of wall-clock ticks). Deltas wait in their window until it closes, so a window's samples hold
/// exactly the observations up to its end; a delta for a window already written is folded into the next one.
/// Tempo's <c>__metrics_gen_instance</c> label is not added: every series is owned by exactly one task (the input
/// is partitioned by series key), so replicas never write the same series. The one series every series partition of a
/// tenant may need is the overflow series of a metric: a split tenant's accumulators send what they refuse to an
/// <see cref="IOverflowOutlet"/>, and one <see cref="OverflowWriter"/> per tenant writes it. Not thread-safe.
/// </summary>
public sealed partial class SeriesAccumulator
{
    private static readonly string[] OverflowNames = [RegistryLabels.MetricOverflow];
    private static readonly string[] OverflowValues = [RegistryLabels.True];
    private readonly SeriesPartition _partition;
    private readonly IOverflowOutlet? _overflow;
    private readonly bool _writesOverflow;
    private RegistryOptions _options;
    private long _intervalMs;
    private long _graceMs;
    private long _staleMs;
    private int _nativeSchema;
    private long _limit;
    private long _reportedActive;
    private EntityLimiter? _entities;
    private readonly Dictionary<ulong, AccumulatedSeries> _series = [];
    private readonly SortedDictionary<long, SeriesDeltaBatch> _pending = [];
    private readonly Dictionary<string, MetricNames> _names = new(StringComparer.Ordinal);
    private readonly Counter.Child _late;
    private readonly Counter.Child _added;
    private readonly Counter.Child _removed;
    private readonly Counter.Child _limited;
    private readonly Counter.Child _collections;
    private readonly Gauge.Child _active;

    public SeriesAccumulator(string tenant, RegistryOptions options)
        : this(tenant, options, SeriesPartition.Whole)
    {
    }

    /// <param name="partition">Which of the tenant's series partitions this is: it keeps to its share of
    /// <c>max_active_series</c>.</param>
    /// <param name="overflow">Where refused data goes instead of a local overflow series; required when the tenant is
    /// split over several partitions, so that its overflow series has one writer.</param>
    public SeriesAccumulator(string tenant, RegistryOptions options, SeriesPartition partition, IOverflowOutlet? overflow = null)
        : this(tenant, options, partition, overflow, writesOverflow: false)
    {
        if (partition.Count > 1 && overflow is null)
        {
            throw new ArgumentException($"series partition {partition.Index} of {partition.Count} needs an overflow outlet: each overflow series has one writer", nameof(overflow));
        }
    }

    private SeriesAccumulator(string tenant, RegistryOptions options, SeriesPartition partition, IOverflowOutlet? overflow, bool writesOverflow)
    {
        Tenant = tenant;
        _partition = partition;
        _overflow = overflow;
        _writesOverflow = writesOverflow;
        _late = RegistryMetrics.LateObservations.WithLabels(tenant, RegistryMetricNames.StageAggregate);
        _added = RegistryMetrics.SeriesAdded.WithLabels(tenant);
        _removed = RegistryMetrics.SeriesRemoved.WithLabels(tenant);
        _limited = RegistryMetrics.SeriesLimited.WithLabels(tenant);
        _collections = RegistryMetrics.Collections.WithLabels(tenant);
        _active = RegistryMetrics.ActiveSeries.WithLabels(tenant);
        _options = options;
        Configure(options);
    }

    /// <summary>
    /// The one writer of a split tenant's overflow series: it takes what the partitions' outlets refused (deltas of the
    /// overflow series only) and limits nothing, since each partition already kept to its share; everything else
    /// (windows, lateness, staleness, labels, native histograms) follows the tenant's settings like any accumulator.
    /// </summary>
    public static SeriesAccumulator OverflowWriter(string tenant, RegistryOptions options) =>
        new(tenant, options, SeriesPartition.Whole, overflow: null, writesOverflow: true);

    public string Tenant { get; }

    /// <summary>Sum of the active series' costs.</summary>
    public long ActiveSeriesCost { get; private set; }

    public int SeriesCount => _series.Count;

    /// <summary>End of the last window written, <see cref="long.MinValue"/> before the first.</summary>
    public long LastClosedWindowEndMs { get; private set; } = long.MinValue;

    /// <summary>Every series, for persisting (each one with <see cref="AccumulatedSeries.Write"/>).</summary>
    public IEnumerable<AccumulatedSeries> Series
    {
        get
        {
            foreach (var head in _series.Values)
            {
                for (var s = head; s is not null; s = s.Next)
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>Deltas of windows not yet closed, one batch per window, for persisting.</summary>
    public IEnumerable<SeriesDeltaBatch> PendingWindows => _pending.Values;

    /// <summary>
    /// Applies changed settings (an overrides reload) to the running state: series, their counters, the windows waiting
    /// to close and the overflow series are kept. New limits apply to new series; series costs, output labels and the
    /// native histograms follow the new settings (a histogram switched to native starts its native buckets empty).
    /// </summary>
    public void Reconfigure(RegistryOptions options)
    {
        Configure(options);
        ActiveSeriesCost = 0;
        foreach (var s in Series)
        {
            if (s.Kind == MetricKind.Histogram)
            {
                if (_options.GenerateNativeHistograms == HistogramMode.Classic)
                {
                    s.Native = null;
                }
                else if (s.Native is null)
                {
                    s.Native = new NativeBucketCounts(_nativeSchema);
                    s.NativeZeroCount = 0;
                    s.NativeCount = 0;
                    s.NativeSum = 0;
                    s.NativeLastResetMs = LastClosedWindowEndMs;
                }
            }

            s.Cost = CostOf(s.Kind, s.Bounds.Length);
            ActiveSeriesCost += s.Cost;
            BuildOutputLabels(s);
        }

        ReportActive();
    }

    /// <summary>
    /// Takes this accumulator's series out of the tenant's active-series gauge (its task closed). Several accumulators
    /// of one tenant share the gauge: each adds the change of its own count, so the gauge is their sum.
    /// </summary>
    public void ReleaseGauges()
    {
        ChangeActive(-_reportedActive);
        _reportedActive = 0;
        _entities?.Clear();
    }

    /// <summary>Takes the deltas in (ownership passes: do not change them afterwards).</summary>
    public void Apply(SeriesDeltaBatch batch)
    {
        foreach (var delta in batch.Deltas)
        {
            var d = delta;
            if (d.WindowEndMs <= LastClosedWindowEndMs)
            {
                // Its window was already written; the cumulative value carries it from the next window on.
                d = d.Clone();
                d.WindowEndMs = EventTimeWindows.EndOf(LastClosedWindowEndMs, _intervalMs);
                _late.Inc();
            }

            if (!_pending.TryGetValue(d.WindowEndMs, out var window))
            {
                window = new SeriesDeltaBatch(Tenant);
                _pending.Add(d.WindowEndMs, window);
            }

            window.Add(d);
        }
    }

    /// <summary>Closes and writes every window whose end + grace ≤ <paramref name="watermarkMs"/>; returns how many.</summary>
    public int Collect(ISeriesAppender appender, long watermarkMs)
    {
        var closed = 0;
        while (NextWindowEnd() is { } end && EventTimeWindows.IsClosed(end, watermarkMs, _graceMs))
        {
            CloseWindow(end, appender);
            closed++;
        }

        return closed;
    }

    /// <summary>
    /// Closes and writes every window up to the last one holding deltas (end of input). A stretch of more than
    /// <paramref name="maxEmptyMs"/> without deltas is skipped rather than written window by window (series keep their
    /// values), so input decades apart, such as one span stamped at the epoch, does not mean millions of windows.
    /// </summary>
    public int CollectAll(ISeriesAppender appender, long maxEmptyMs = long.MaxValue)
    {
        var closed = 0;
        while (_pending.Count > 0 && NextWindowEnd() is { } end)
        {
            var firstPending = FirstPendingEnd();
            if (firstPending - end > maxEmptyMs)
            {
                end = firstPending;
            }

            CloseWindow(end, appender);
            closed++;
        }

        return closed;
    }

    /// <summary>Replaces the state with a persisted one (series from <see cref="AccumulatedSeries.TryRead"/>).</summary>
    public void Restore(long lastClosedWindowEndMs, IEnumerable<AccumulatedSeries> series, IEnumerable<SeriesDeltaBatch> pending)
    {
        _series.Clear();
        _pending.Clear();
        ActiveSeriesCost = 0;
        LastClosedWindowEndMs = lastClosedWindowEndMs;
        _entities?.Clear();
        foreach (var s in series)
        {
            Insert(s);
            TrackEntity(s);
        }

        foreach (var batch in pending)
        {
            Apply(batch);
        }

        ReportActive();
    }

    private long FirstPendingEnd()
    {
        foreach (var key in _pending.Keys)
        {
            return key;
        }

        return long.MaxValue;
    }

    private long? NextWindowEnd()
    {
        long? firstPending = _pending.Count > 0 ? FirstPendingEnd() : null;

        if (LastClosedWindowEndMs == long.MinValue || _series.Count == 0)
        {
            return firstPending;
        }

        // Active series are written at every window end, with or without new data (on the grid of the current interval).
        return EventTimeWindows.EndOf(LastClosedWindowEndMs, _intervalMs);
    }

    private void CloseWindow(long end, ISeriesAppender appender)
    {
        // Every waiting window up to this end: after collection_interval changes, older windows lie off the new grid.
        while (_pending.Count > 0 && FirstPendingEnd() <= end)
        {
            _pending.Remove(FirstPendingEnd(), out var batch);
            foreach (var d in batch!.Deltas)
            {
                AddDelta(d, end);
            }
        }

        ReportActive();
        _entities?.UpdateDemand(end);
        LastClosedWindowEndMs = end;
        _collections.Inc();
        WriteWindow(end, appender);
    }

    private void AddDelta(SeriesDelta d, long windowEnd)
    {
        _entities?.Observe(LabelSet.ComputeHash(d.LabelNames, d.LabelValues));
        if ((Find(d.SeriesKey, d) ?? Create(d, windowEnd)) is not { } series)
        {
            return;
        }

        series.AddClassic(d);

        // A delta folded into a later window than its own (too late for it) lives from that window, not from its
        // event time: otherwise a span older than stale_duration would end its series before it was ever written.
        series.LastUpdatedMs = Math.Max(series.LastUpdatedMs, windowEnd - _intervalMs);
        if (d.Native is not null && series.Native is not null)
        {
            series.Native.AddFrom(d.Native);
            series.NativeZeroCount += d.NativeZeroCount;
            series.NativeCount += d.NativeCount;
            series.NativeSum += d.NativeSum;
            LimitNativeBuckets(series, windowEnd);
        }
    }

    private AccumulatedSeries? Find(ulong key, SeriesDelta d)
    {
        for (var s = _series.GetValueOrDefault(key); s is not null; s = s.Next)
        {
            if (s.SameSeries(d))
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>A new series, the overflow series it goes to, or null when the outlet took the refused delta.</summary>
    private AccumulatedSeries? Create(SeriesDelta d, long windowEnd)
    {
        var cost = CostOf(d.Kind, d.Bounds.Length);
        var names = d.LabelNames;
        var values = d.LabelValues;
        var key = d.SeriesKey;
        if (OverLimit(d, cost))
        {
            (names, values) = (OverflowNames, OverflowValues);
            key = SeriesKey.Of(d.Metric, names, values);
            if (_overflow is not null)
            {
                // Stamped with the window being closed: the writer closes it after this partition's watermark passed it.
                var refused = new SeriesDelta(d.Metric, d.Kind, names, values, key, windowEnd, d.Bounds);
                refused.Merge(d);
                _overflow.Refuse(refused);
                return null;
            }

            var probe = new SeriesDelta(d.Metric, d.Kind, names, values, key, windowEnd, d.Bounds);
            if (Find(key, probe) is { } overflow)
            {
                return overflow;
            }
        }

        var series = new AccumulatedSeries(d.Metric, d.Kind, names, values, key, d.Bounds)
        {
            Cost = cost,
            NativeLastResetMs = windowEnd,
            Native = d.Kind == MetricKind.Histogram && _options.GenerateNativeHistograms != HistogramMode.Classic ? new NativeBucketCounts(_nativeSchema) : null,
        };
        Insert(series);
        _added.Inc(cost);
        return series;
    }

    private void Insert(AccumulatedSeries series)
    {
        series.Cost = CostOf(series.Kind, series.Bounds.Length);
        BuildOutputLabels(series);
        ref var head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_series, series.SeriesKey, out _);
        series.Next = head;
        head = series;
        ActiveSeriesCost += series.Cost;
    }

    private void Remove(AccumulatedSeries series)
    {
        ref var head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_series, series.SeriesKey);
        if (ReferenceEquals(head, series))
        {
            if (series.Next is null)
            {
                _series.Remove(series.SeriesKey);
            }
            else
            {
                head = series.Next;
            }
        }
        else
        {
            for (var s = head; s is not null; s = s.Next)
            {
                if (ReferenceEquals(s.Next, series))
                {
                    s.Next = series.Next;
                    break;
                }
            }
        }

        ActiveSeriesCost -= series.Cost;
        _removed.Inc(series.Cost);
        _entities?.Remove(LabelSet.ComputeHash(series.LabelNames, series.LabelValues));
    }

    /// <summary>Whether a new series goes to the overflow series, by the tenant's limiter (counted there).</summary>
    private bool OverLimit(SeriesDelta d, int cost)
    {
        if (_writesOverflow)
        {
            return false;
        }

        if (_entities is not null)
        {
            return !_entities.TryAdd(LabelSet.ComputeHash(d.LabelNames, d.LabelValues));
        }

        if (ActiveSeriesCost + cost > _limit)
        {
            _limited.Inc(cost);
            return true;
        }

        return false;
    }

    /// <summary>Counts a restored series in its entity; the overflow series is no entity.</summary>
    private void TrackEntity(AccumulatedSeries series)
    {
        if (_entities is not null && !(series.LabelNames.AsSpan().SequenceEqual(OverflowNames) && series.LabelValues.AsSpan().SequenceEqual(OverflowValues)))
        {
            _entities.Track(LabelSet.ComputeHash(series.LabelNames, series.LabelValues));
        }
    }

    private void Configure(RegistryOptions options)
    {
        options.Validate();
        _options = options;
        _intervalMs = options.CollectionIntervalMs;
        _graceMs = (long)options.WindowGrace.TotalMilliseconds;
        _staleMs = (long)options.StaleDuration.TotalMilliseconds;
        _nativeSchema = NativeBuckets.SchemaFromFactor(options.NativeHistogramBucketFactor);
        _limit = options.MaxActiveSeries == 0 || options.LimiterType != LimiterType.Series ? long.MaxValue : _partition.ShareOf(options.MaxActiveSeries);
        RegistryMetrics.MaxActiveSeries.WithLabels(Tenant).Set(options.MaxActiveSeries);
        ConfigureEntities(options);
        (_baseNames, _baseValues) = BaseLabels(Tenant, options);
    }

    // The entity limiter exists only with limiter_type: entity; a switch rebuilds it from the series held.
    private void ConfigureEntities(RegistryOptions options)
    {
        if (options.LimiterType != LimiterType.Entity || _writesOverflow)
        {
            _entities?.Clear();
            _entities = null;
            return;
        }

        if (_entities is null)
        {
            _entities = new EntityLimiter(Tenant, options.StaleDuration);
            foreach (var s in Series)
            {
                TrackEntity(s);
            }
        }

        _entities.SetLimit(options.MaxActiveEntities, options.MaxActiveEntities == 0 ? long.MaxValue : _partition.ShareOf(options.MaxActiveEntities));
    }

    private void ReportActive()
    {
        ChangeActive(ActiveSeriesCost - _reportedActive);
        _reportedActive = ActiveSeriesCost;
    }

    private void ChangeActive(long by)
    {
        if (by > 0)
        {
            _active.Inc(by);
        }
        else if (by < 0)
        {
            _active.Dec(-by);
        }
    }

    private int CostOf(MetricKind kind, int bounds) => kind != MetricKind.Histogram ? 1 : _options.GenerateNativeHistograms switch
    {
        HistogramMode.Native => 1,
        HistogramMode.Both => bounds + 4,
        _ => bounds + 3,
    };
}
