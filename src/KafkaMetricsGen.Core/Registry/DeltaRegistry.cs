using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry.Limiters;
using KafkaMetricsGen.Core.Registry.Sanitizer;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Core.Windows;
using Prometheus;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// The generate-stage registry of one tenant: observations become per-(event-time window, series) deltas in memory,
/// drained by <see cref="TakeDeltas"/> and sent on to the aggregate stage. Windows and lateness follow
/// <see cref="WindowAssigner"/>. Known series are found by <see cref="SeriesKey"/> without allocating; a new series in
/// a window copies its labels once. Not thread-safe (one per task and tenant, or per stream thread and tenant when
/// the thread's tasks share it).
/// </summary>
public sealed class DeltaRegistry : IMetricsRegistry
{
    private readonly RegistryOptions _options;
    private readonly WindowAssigner _windows;
    private readonly List<DeltaWindow> _open = [];
    private readonly Stack<DeltaWindow> _spare = new();
    private readonly Counter.Child _late;
    private readonly Counter.Child _future;
    private readonly Counter.Child _futureSpans;
    private readonly SpanNameSanitizer? _sanitizer;
    private readonly PerLabelLimiter? _labelLimiter;
    private DeltaWindow? _last;
    private int _metrics;

    /// <param name="cardinality">
    /// The tenant's cardinality estimates shared by the instance's tasks (<see cref="TenantCardinality.OfInstance"/>), for
    /// <c>max_cardinality_per_label</c> and the sanitizer's demand; none: this registry's own.
    /// </param>
    /// <param name="followsObservations">
    /// False for a registry that several tasks share: its watermark moves only by <see cref="AdvanceWatermark"/> (to the
    /// lowest of the tasks'), never by an observation (see <see cref="WindowAssigner"/>).
    /// </param>
    public DeltaRegistry(string tenant, RegistryOptions options, TimeProvider? time = null, TenantCardinality? cardinality = null, bool followsObservations = true)
    {
        options.Validate();
        Tenant = tenant;
        _options = options;
        _windows = new WindowAssigner(options.CollectionInterval, options.WindowGrace, options.AllowedLateness, options.FutureSlack, time ?? TimeProvider.System, followsObservations);
        _late = RegistryMetrics.LateObservations.WithLabels(tenant, RegistryMetricNames.StageGenerate);
        _future = RegistryMetrics.FutureObservationsRejected.WithLabels(tenant);
        _futureSpans = SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.TooFarInFuture, SelfMetricLabels.AllProcessors);
        if (options.SpanNameSanitization != SpanNameSanitization.Disabled)
        {
            _sanitizer = new SpanNameSanitizer(tenant, options.SpanNameSanitization, options.StaleDuration, time ?? TimeProvider.System, cardinality);
        }

        if (options.MaxCardinalityPerLabel > 0)
        {
            _labelLimiter = new PerLabelLimiter(tenant, (ulong)options.MaxCardinalityPerLabel, options.StaleDuration, time ?? TimeProvider.System, cardinality);
        }
    }

    public string Tenant { get; }

    public RegistryOptions Options => _options;

    /// <summary>Highest accepted event time (ms), <see cref="long.MinValue"/> before any.</summary>
    public long WatermarkMs => _windows.WatermarkMs;

    /// <summary>True when no delta is held.</summary>
    public bool IsEmpty => _open.Count == 0;

    public LabelBuilder NewLabelBuilder() => new(_options.MaxLabelNameLength, _options.MaxLabelValueLength);

    public ICounter NewCounter(string name) => new DeltaMetric(this, _metrics++, name, MetricKind.Counter, [], SeriesDelta.NoNative);

    public IGauge NewGauge(string name) => new DeltaMetric(this, _metrics++, name, MetricKind.Gauge, [], SeriesDelta.NoNative);

    public IGauge NewInfoGauge(string name) => new DeltaMetric(this, _metrics++, name, MetricKind.Gauge, [], SeriesDelta.NoNative, info: true);

    public IHistogram NewHistogram(string name, IReadOnlyList<double> buckets)
    {
        var schema = _options.GenerateNativeHistograms == HistogramMode.Classic ? SeriesDelta.NoNative : NativeBuckets.SchemaFromFactor(_options.NativeHistogramBucketFactor);
        return new DeltaMetric(this, _metrics++, name, MetricKind.Histogram, NormalizeBounds(buckets), schema);
    }

    /// <summary>Moves the watermark forward, e.g. to the wall clock when the task is caught up and idle.</summary>
    public void AdvanceWatermark(long watermarkMs) => _windows.Advance(watermarkMs);

    /// <summary>
    /// The latest span end time (ms) in <paramref name="batch"/> that this registry accepts, <see cref="long.MinValue"/>
    /// when none: the value a task's watermark may follow. Each span further ahead than the clock + <c>future_slack</c> is
    /// counted as discarded (<c>too_far_in_future</c>, processor <c>all</c>) and left out, since the registry rejects its
    /// observations; one bad clock must not move the watermark and make every later span late.
    /// </summary>
    /// <param name="batch">The spans.</param>
    /// <param name="countDiscarded">False where the spans were already counted (a selection of spans that another
    /// registry admitted first), so each discarded span is counted once.</param>
    public long Admit(SpanBatch batch, bool countDiscarded = true)
    {
        var latest = long.MinValue;
        foreach (ref readonly var span in batch.Spans)
        {
            var end = EventTimeWindows.ToMillis(span.EventTimeUnixNano);
            if (end <= latest)
            {
                continue;
            }

            if (_windows.IsFuture(end))
            {
                if (countDiscarded)
                {
                    _futureSpans.Inc();
                }

                continue;
            }

            latest = end;
        }

        return latest;
    }

    /// <summary>Drains every delta into a new batch (windows ascending); the registry is empty afterwards.</summary>
    public SeriesDeltaBatch TakeDeltas() => Take(closedOnly: false);

    /// <summary>True when a window holding deltas has closed at the watermark (its end + grace has passed).</summary>
    public bool HasClosedWindows
    {
        get
        {
            foreach (var window in _open)
            {
                if (EventTimeWindows.IsClosed(window.End, WatermarkMs, _windows.GraceMs))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Drains the windows that have closed at the watermark (windows ascending) and keeps the open ones accumulating, so
    /// a series sends one delta per window instead of one per drain.
    /// </summary>
    public SeriesDeltaBatch TakeClosedDeltas() => Take(closedOnly: true);

    private SeriesDeltaBatch Take(bool closedOnly)
    {
        var batch = new SeriesDeltaBatch(Tenant);
        _open.Sort(static (a, b) => a.End.CompareTo(b.End));
        var kept = 0;
        for (var i = 0; i < _open.Count; i++)
        {
            var window = _open[i];
            if (closedOnly && !EventTimeWindows.IsClosed(window.End, WatermarkMs, _windows.GraceMs))
            {
                _open[kept++] = window;
                continue;
            }

            foreach (var head in window.Cells.Values)
            {
                for (var d = head; d is not null;)
                {
                    var next = d.Next;
                    d.Next = null;
                    batch.Add(d);
                    d = next;
                }
            }

            window.Cells.Clear();
            window.Generation++;
            _spare.Push(window);
        }

        _open.RemoveRange(kept, _open.Count - kept);
        _last = null;
        return batch;
    }

    /// <summary>Sorted, de-duplicated classic bounds without +Inf (it is implied).</summary>
    internal static double[] NormalizeBounds(IReadOnlyList<double> buckets)
    {
        var set = new SortedSet<double>();
        foreach (var b in buckets)
        {
            if (!double.IsNaN(b) && !double.IsPositiveInfinity(b))
            {
                set.Add(b);
            }
        }

        return [.. set];
    }

    /// <summary>The delta to update for an observation, or null when it is rejected (counted).</summary>
    internal SeriesDelta? Delta(DeltaMetric metric, in LabelSet labels, ulong eventTimeUnixNano)
    {
        if (metric.Info || (_sanitizer is null && _labelLimiter is null))
        {
            return Find(metric, labels, eventTimeUnixNano);
        }

        // Tempo's order: sanitize the span name, then limit each label.
        var set = _sanitizer is null ? labels : _sanitizer.Sanitize(labels);
        return Find(metric, _labelLimiter is null ? set : _labelLimiter.Limit(set), eventTimeUnixNano);
    }

    private SeriesDelta? Find(DeltaMetric metric, in LabelSet labels, ulong eventTimeUnixNano)
    {
        var verdict = _windows.Assign(EventTimeWindows.ToMillis(eventTimeUnixNano), out var windowEnd);
        switch (verdict)
        {
            case WindowVerdict.RejectedFuture:
                _future.Inc();
                return null;
            case WindowVerdict.Folded:
                _late.Inc();
                break;
        }

        var window = Window(windowEnd);
        var memo = labels.Memo;
        if (memo is not null)
        {
            if (ReferenceEquals(memo.Window, window) && memo.Generation == window.Generation)
            {
                var deltas = memo.Deltas;
                if ((uint)metric.Index < (uint)deltas.Length && deltas[metric.Index] is { } remembered)
                {
                    return remembered;
                }
            }
            else
            {
                memo.Window = window;
                memo.Generation = window.Generation;
                Array.Clear(memo.Deltas);
            }
        }

        var found = FindInWindow(window, metric, labels);
        if (memo is not null)
        {
            if (memo.Deltas.Length <= metric.Index)
            {
                var grown = new SeriesDelta?[Math.Max(_metrics, metric.Index + 1)];
                memo.Deltas.CopyTo(grown, 0);
                memo.Deltas = grown;
            }

            memo.Deltas[metric.Index] = found;
        }

        return found;
    }

    private static SeriesDelta FindInWindow(DeltaWindow window, DeltaMetric metric, in LabelSet labels)
    {
        var key = SeriesKey.Of(metric.NameHash, labels.Hash);
        ref var head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(window.Cells, key, out _);
        for (var d = head; d is not null; d = d.Next)
        {
            if (d.Kind == metric.Kind && ReferenceEquals(d.Metric, metric.Name) && labels.SameAs(d.LabelNames, d.LabelValues))
            {
                return d;
            }
        }

        var created = new SeriesDelta(metric.Name, metric.Kind, labels.Names.ToArray(), labels.Values.ToArray(), key, window.End, metric.Bounds, metric.NativeSchema)
        {
            Next = head,
        };
        head = created;
        return created;
    }

    private DeltaWindow Window(long end)
    {
        if (_last is not null && _last.End == end)
        {
            return _last;
        }

        foreach (var w in _open)
        {
            if (w.End == end)
            {
                return _last = w;
            }
        }

        var window = _spare.Count > 0 ? _spare.Pop() : new DeltaWindow();
        window.End = end;
        _open.Add(window);
        return _last = window;
    }

    private sealed class DeltaWindow
    {
        public long End { get; set; }

        /// <summary>Raised each time the window is drained, so a <see cref="SeriesMemo"/> of an earlier use is stale.</summary>
        public int Generation { get; set; }

        public Dictionary<ulong, SeriesDelta?> Cells { get; } = [];
    }
}
