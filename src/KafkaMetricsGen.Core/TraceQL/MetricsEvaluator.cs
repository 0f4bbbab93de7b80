namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// The first stage of a metrics query over one span source: filter, bucket each span by its start time, group by the
/// by() fields (plus the histogram bucket), aggregate per interval. The result merges with other instances' results
/// (<see cref="SeriesCombiner"/>) before the second stage. With <c>exemplars</c> &gt; 0 each series also collects spans that
/// contributed (<see cref="ExemplarSampler"/>). Deliberately concentrated: this is the query hot loop.
/// </summary>
public static class MetricsEvaluator
{
    public static FirstStageResult Evaluate(TraceQLQuery query, QueryRange alignedRange, IQuerySpanSource source, uint exemplars = 0, int maxSeries = int.MaxValue, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(source);
        var pipeline = query.Metrics ?? throw new ArgumentException("not a metrics query", nameof(query));
        var range = alignedRange;
        var intervals = range.IntervalCount;
        var chunks = source.Chunks(range.StartUnixNano, range.EndUnixNano);
        var needTrace = query.UsesTraceFields || pipeline.Attribute?.IsTraceLevel == true || AnyTraceLevel(pipeline.By)
            || pipeline.Compare is not null;
        var traces = needTrace || query.Spansets is not null ? ResolveTraces(chunks) : null;
        cancellationToken.ThrowIfCancellationRequested();
        var filter = query.Spansets is null ? query.Filter : Spansets.SpansetEvaluator.Resolve(query.Spansets, chunks, traces!, cancellationToken);
        if (pipeline.Compare is { } compare)
        {
            var compared = CompareEvaluator.Evaluate(compare, filter, range, chunks, traces, cancellationToken);
            return compared.Series.Count > maxSeries ? throw SeriesLimit(maxSeries) : compared;
        }

        var matchAll = filter is MatchAllFilter;
        var by = pipeline.By;
        var byCount = by.Count;
        var function = pipeline.Function;
        var attribute = pipeline.Attribute;
        var isHistogram = function is MetricsFunction.HistogramOverTime or MetricsFunction.QuantileOverTime;
        // Value aggregations have no value in an empty interval (NaN, not emitted); counts are 0.
        var startNaN = function is MetricsFunction.MinOverTime or MetricsFunction.MaxOverTime or MetricsFunction.SumOverTime
            or MetricsFunction.AvgOverTime;
        var groups = new Dictionary<GroupKey, Accumulator>();
        var sampler = exemplars > 0 && !range.IsInstant ? new ExemplarSampler(exemplars, range) : null;
        long inspected = 0;

        foreach (var chunk in chunks)
        {
            foreach (ref readonly var span in chunk.Span)
            {
                if ((++inspected & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var interval = range.IntervalOf(span.StartUnixNano);
                if (interval < 0)
                {
                    continue;
                }

                var trace = traces is not null && traces.TryGetValue(span.TraceId, out var t) ? t : default;
                if (!matchAll && !filter.MatchesAt((int)inspected - 1, span, trace))
                {
                    continue;
                }

                var value = 0.0;
                var key = default(GroupKey);
                for (var i = 0; i < byCount; i++)
                {
                    key.Add(FieldReader.Read(by[i], span, trace));
                }

                if (attribute is not null)
                {
                    if (!TryValue(attribute, span, trace, isHistogram, out value))
                    {
                        continue;
                    }

                    if (isHistogram)
                    {
                        key.Add(StaticValue.OfFloat(value));
                    }
                }

                if (!groups.TryGetValue(key, out var acc))
                {
                    if (groups.Count >= maxSeries)
                    {
                        throw SeriesLimit(maxSeries);
                    }

                    acc = new Accumulator(intervals, startNaN, function == MetricsFunction.AvgOverTime, sampler?.NewBuckets());
                    groups.Add(key, acc);
                }

                acc.Observe(function, interval, value);
                if (sampler is not null && acc.Buckets is not null && sampler.TryTake(span, acc.Buckets))
                {
                    acc.Exemplars.Add(ExemplarSampler.Create(span, ExemplarValue(function, attribute, span, trace, value)));
                }
            }
        }

        var result = new FirstStageResult(range) { InspectedSpans = inspected, ExemplarLimit = exemplars };
        var rateMultiplier = 1e9 / (range.IsInstant ? range.EndUnixNano - range.StartUnixNano : range.StepNano);
        foreach (var (key, acc) in groups)
        {
            var labels = Labels(pipeline, key, isHistogram);
            if (function == MetricsFunction.Rate)
            {
                for (var i = 0; i < acc.Values.Length; i++)
                {
                    acc.Values[i] *= rateMultiplier;
                }
            }

            var series = new MetricsSeries(labels, acc.Values);
            series.Exemplars.AddRange(acc.Exemplars);
            Add(result, series);
            if (acc.Counts is not null)
            {
                var countLabels = new SeriesLabel[labels.Length + 1];
                labels.CopyTo(countLabels, 0);
                countLabels[^1] = new SeriesLabel(TraceQLKeywords.MetaTypeLabel, StaticValue.OfString(TraceQLKeywords.MetaTypeCount));
                Add(result, new MetricsSeries(countLabels, acc.Counts));
            }
        }

        return result;
    }

    public static TraceQLQueryException SeriesLimit(int maxSeries) =>
        new($"query would produce more than {maxSeries} series (the series limit, lowered per request by maxSeries): narrow the filter or the by() labels", TraceQLQueryException.LimitStatusCode);

    private static void Add(FirstStageResult result, MetricsSeries series) => result.Series[series.Key] = series;

    private static SeriesLabel[] Labels(MetricsPipeline pipeline, in GroupKey key, bool isHistogram)
    {
        var byCount = pipeline.By.Count;
        var labels = new List<SeriesLabel>(byCount + 2);
        if (byCount == 0)
        {
            labels.Add(new SeriesLabel(TraceQLKeywords.NameLabel, StaticValue.OfString(pipeline.FunctionName)));
        }

        for (var i = 0; i < byCount; i++)
        {
            labels.Add(new SeriesLabel(pipeline.By[i].Text, key.Get(i)));
        }

        if (isHistogram)
        {
            labels.Add(new SeriesLabel(TraceQLKeywords.BucketLabel, key.Get(byCount)));
        }

        return [.. labels];
    }

    /// <summary>
    /// The observed value: durations in seconds; histogram values are the power-of-two bucket (seconds for durations).
    /// Spans without a numeric value are not observed (Tempo fetches only spans that have the attribute).
    /// </summary>
    private static bool TryValue(FieldRef attribute, in StoredSpan span, in TraceInfo trace, bool bucketize, out double value)
    {
        var v = FieldReader.Read(attribute, span, trace);
        value = 0;
        if (v.Kind == StaticKind.Duration)
        {
            if (bucketize)
            {
                var b = Log2Histogram.Bucketize((ulong)Math.Max(0, v.Int));
                value = b / 1e9;
                return b > 0;
            }

            value = v.Int / 1e9;
            return true;
        }

        if (!v.IsNumeric)
        {
            return false;
        }

        value = v.AsDouble();
        if (bucketize)
        {
            if (value < 0)
            {
                return false;
            }

            value = Log2Histogram.Bucketize((ulong)value);
            return value > 0;
        }

        return !double.IsNaN(value);
    }

    /// <summary>
    /// Tempo's exemplar value: NaN for counting functions (the final answer fills in the interval's value), the raw value
    /// otherwise (seconds for durations; not the power-of-two bucket for quantiles).
    /// </summary>
    private static double ExemplarValue(MetricsFunction function, FieldRef? attribute, in StoredSpan span, in TraceInfo trace, double observed)
    {
        switch (function)
        {
            case MetricsFunction.QuantileOverTime:
                return attribute is not null && TryValue(attribute, span, trace, bucketize: false, out var raw) ? raw : double.NaN;
            case MetricsFunction.MinOverTime:
            case MetricsFunction.MaxOverTime:
            case MetricsFunction.SumOverTime:
            case MetricsFunction.AvgOverTime:
                return observed;
            default:
                return double.NaN;
        }
    }

    private static bool AnyTraceLevel(IReadOnlyList<FieldRef> fields)
    {
        foreach (var f in fields)
        {
            if (f.IsTraceLevel)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Root service, root name and trace bounds from every stored span of each trace in the chunks, and their nested-set
    /// numbers, built when first read.
    /// </summary>
    public static Dictionary<Ingest.TraceId, TraceInfo> ResolveTraces(IReadOnlyList<ReadOnlyMemory<StoredSpan>> chunks)
    {
        var traces = new Dictionary<Ingest.TraceId, TraceInfo>();
        var nestedSets = new NestedSetIndex(chunks);
        foreach (var chunk in chunks)
        {
            foreach (ref readonly var s in chunk.Span)
            {
                var end = s.StartUnixNano + s.DurationNano;
                traces.TryGetValue(s.TraceId, out var info);
                var start = info.StartUnixNano == 0 ? s.StartUnixNano : Math.Min(info.StartUnixNano, s.StartUnixNano);
                var rootService = info.RootService;
                var rootName = info.RootName;
                if (s.IsRoot)
                {
                    var svc = FieldReader.Find(s.Resource, LocalSpanKeys.ServiceName);
                    rootService = svc.Kind == StaticKind.String ? svc.String : null;
                    rootName = s.Name;
                }

                traces[s.TraceId] = new TraceInfo(rootService, rootName, start, Math.Max(info.EndUnixNano, end)) { NestedSets = nestedSets };
            }
        }

        return traces;
    }

    private sealed class Accumulator
    {
        public Accumulator(int intervals, bool startNaN, bool withCounts, ExemplarBuckets? buckets)
        {
            Buckets = buckets;
            Values = new double[intervals];
            if (startNaN)
            {
                Array.Fill(Values, double.NaN);
            }

            Counts = withCounts ? new double[intervals] : null;
        }

        public double[] Values { get; }

        public double[]? Counts { get; }

        public ExemplarBuckets? Buckets { get; }

        public List<MetricsExemplar> Exemplars { get; } = [];

        public void Observe(MetricsFunction function, int interval, double value)
        {
            ref var slot = ref Values[interval];
            switch (function)
            {
                case MetricsFunction.Rate:
                case MetricsFunction.CountOverTime:
                case MetricsFunction.HistogramOverTime:
                case MetricsFunction.QuantileOverTime:
                    slot++;
                    break;
                case MetricsFunction.MinOverTime:
                    slot = double.IsNaN(slot) ? value : Math.Min(slot, value);
                    break;
                case MetricsFunction.MaxOverTime:
                    slot = double.IsNaN(slot) ? value : Math.Max(slot, value);
                    break;
                default:
                    slot = double.IsNaN(slot) ? value : slot + value;
                    if (Counts is not null)
                    {
                        Counts[interval]++;
                    }

                    break;
            }
        }
    }
}
