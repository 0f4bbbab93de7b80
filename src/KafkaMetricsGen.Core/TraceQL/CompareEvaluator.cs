using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// The first stage of <c>compare()</c>, as Tempo runs it: every span the query keeps is baseline or selection; each of
/// its attributes (span, resource, instrumentation scope, and the intrinsics Tempo reads for it: name, status, kind,
/// statusMessage, instrumentation:name and instrumentation:version (empty included) and the trace's rootServiceName
/// and rootName (empty when the root span is not stored); durations, ids, start times and nested-set numbers excluded)
/// counts one for its value in the span's interval. Per attribute the topN values by total count become
/// <c>{__meta_type="baseline"|"selection", attr=value}</c>, an attribute with more values adds
/// <c>{__meta_error="__too_many_values__", attr="nil"}</c>, and <c>{__meta_type="baseline_total"|"selection_total",
/// attr="nil"}</c> counts all spans with the attribute. Counting looks up one dictionary entry per attribute and
/// allocates only for a value seen for the first time; totals are summed from the values at the end.
/// </summary>
public static class CompareEvaluator
{
    private const byte SpanScope = 0;
    private const byte ResourceScope = 1;
    private const byte IntrinsicScope = 2;
    private const byte InstrumentationScope = 3;

    public static FirstStageResult Evaluate(
        CompareSpec spec,
        SpanFilter filter,
        QueryRange range,
        IReadOnlyList<ReadOnlyMemory<StoredSpan>> chunks,
        Dictionary<TraceId, TraceInfo>? traces,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(chunks);
        var intervals = range.IntervalCount;
        var baseline = new Side();
        var selection = new Side();
        var matchAll = filter is MatchAllFilter;
        var windowed = spec.StartUnixNano > 0 && spec.EndUnixNano > 0;
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

                // Tempo's window is (start, end], like its intervals.
                var selected = (!windowed || (span.StartUnixNano > spec.StartUnixNano && span.StartUnixNano <= spec.EndUnixNano))
                    && spec.Selection.Matches(span, trace);
                (selected ? selection : baseline).Observe(span, trace, interval, intervals);
            }
        }

        var result = new FirstStageResult(range) { InspectedSpans = inspected };
        Emit(result, baseline.Counts(), TraceQLKeywords.MetaTypeBaseline, TraceQLKeywords.MetaTypeBaselineTotal, spec.TopN);
        Emit(result, selection.Counts(), TraceQLKeywords.MetaTypeSelection, TraceQLKeywords.MetaTypeSelectionTotal, spec.TopN);
        return result;
    }

    /// <summary>Keeps the topN values per attribute of the baseline and selection series (after peers are merged) and marks the rest.</summary>
    public static List<MetricsSeries> TopN(IEnumerable<MetricsSeries> series, int topN)
    {
        ArgumentNullException.ThrowIfNull(series);
        var output = new List<MetricsSeries>();
        var groups = new Dictionary<(string Type, string Attribute), List<MetricsSeries>>();
        foreach (var s in series)
        {
            if (s.Labels.Length == 2 && s.Labels[0].Name == TraceQLKeywords.MetaTypeLabel
                && s.Labels[0].Value.String is TraceQLKeywords.MetaTypeBaseline or TraceQLKeywords.MetaTypeSelection)
            {
                var key = (s.Labels[0].Value.String!, s.Labels[1].Name);
                if (!groups.TryGetValue(key, out var list))
                {
                    groups.Add(key, list = []);
                }

                list.Add(s);
            }
            else
            {
                output.Add(s);
            }
        }

        var erred = new HashSet<string>(output.Where(s => s.Labels.Length == 2 && s.Labels[0].Name == TraceQLKeywords.MetaErrorLabel).Select(s => s.Labels[1].Name), StringComparer.Ordinal);
        foreach (var ((_, attribute), list) in groups)
        {
            if (list.Count > topN)
            {
                list.Sort(static (a, b) => Total(b.Values).CompareTo(Total(a.Values)) is var c and not 0 ? c : string.CompareOrdinal(a.Key, b.Key));
                list.RemoveRange(topN, list.Count - topN);
                if (erred.Add(attribute))
                {
                    output.Add(ErrorSeries(attribute, list[0].Values.Length));
                }
            }

            output.AddRange(list);
        }

        return output;
    }

    private static void Count(Dictionary<Key, double[]> dest, in Key key, int interval, int intervals)
    {
        if (key.Value.Kind == StaticKind.Duration)
        {
            return;
        }

        if (!dest.TryGetValue(key, out var counts))
        {
            counts = new double[intervals];
            dest.Add(key, counts);
        }

        counts[interval]++;
    }

    private static void Count<T>(Dictionary<T, double[]> dest, T key, int interval, int intervals)
        where T : notnull
    {
        if (!dest.TryGetValue(key, out var counts))
        {
            counts = new double[intervals];
            dest.Add(key, counts);
        }

        counts[interval]++;
    }

    private static void Emit(FirstStageResult result, Dictionary<Key, double[]> counts, string type, string totalType, int topN)
    {
        var byAttribute = new Dictionary<(byte, string), List<(StaticValue Value, double[] Counts, double Total)>>();
        foreach (var (key, values) in counts)
        {
            if (!byAttribute.TryGetValue((key.Scope, key.Name), out var list))
            {
                byAttribute.Add((key.Scope, key.Name), list = []);
            }

            list.Add((key.Value, values, Total(values)));
        }

        var intervals = result.Range.IntervalCount;
        foreach (var ((scope, name), values) in byAttribute)
        {
            var label = scope switch
            {
                SpanScope => "span." + name,
                ResourceScope => "resource." + name,
                InstrumentationScope => "instrumentation." + name,
                _ => name,
            };
            var total = new double[intervals];
            foreach (var v in values)
            {
                for (var i = 0; i < intervals; i++)
                {
                    total[i] += v.Counts[i];
                }
            }

            Add(result, new MetricsSeries([Type(totalType), new SeriesLabel(label, StaticValue.OfString(TraceQLKeywords.NilText))], total));
            if (values.Count > topN)
            {
                values.Sort(static (a, b) => b.Total.CompareTo(a.Total) is var c and not 0 ? c : string.CompareOrdinal(MetricsSeries.LabelText(a.Value), MetricsSeries.LabelText(b.Value)));
                values.RemoveRange(topN, values.Count - topN);
                Add(result, ErrorSeries(label, intervals));
            }

            foreach (var v in values)
            {
                Add(result, new MetricsSeries([Type(type), new SeriesLabel(label, v.Value)], v.Counts));
            }
        }
    }

    private static MetricsSeries ErrorSeries(string attribute, int intervals)
    {
        var none = new double[intervals];
        Array.Fill(none, double.NaN);
        return new MetricsSeries(
            [new SeriesLabel(TraceQLKeywords.MetaErrorLabel, StaticValue.OfString(TraceQLKeywords.MetaErrorTooManyValues)), new SeriesLabel(attribute, StaticValue.OfString(TraceQLKeywords.NilText))],
            none);
    }

    private static SeriesLabel Type(string type) => new(TraceQLKeywords.MetaTypeLabel, StaticValue.OfString(type));

    private static void Add(FirstStageResult result, MetricsSeries series) => result.Series[series.Key] = series;

    private static double Total(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += double.IsNaN(v) ? 0 : v;
        }

        return sum;
    }

    private readonly record struct Key(byte Scope, string Name, StaticValue Value);

    /// <summary>
    /// The counts of one side (baseline or selection). Name, status and kind, which every span has, are counted by
    /// name and by enum value, the cheapest lookups; attributes by scope, key and value.
    /// </summary>
    private sealed class Side
    {
        private readonly Dictionary<Key, double[]> _attributes = [];
        private readonly Dictionary<string, double[]> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<StatusCode, double[]> _statuses = [];
        private readonly Dictionary<SpanKind, double[]> _kinds = [];
        private readonly Dictionary<string, double[]> _statusMessages = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double[]> _rootServices = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double[]> _rootNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double[]> _scopeNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double[]> _scopeVersions = new(StringComparer.Ordinal);

        public void Observe(in StoredSpan span, in TraceInfo trace, int interval, int intervals)
        {
            foreach (ref readonly var a in span.Attributes.AsSpan())
            {
                CompareEvaluator.Count(_attributes, new Key(SpanScope, a.Key, a.Value), interval, intervals);
            }

            foreach (ref readonly var a in span.Resource.AsSpan())
            {
                CompareEvaluator.Count(_attributes, new Key(ResourceScope, a.Key, a.Value), interval, intervals);
            }

            var scope = span.ScopeOrEmpty;
            foreach (ref readonly var a in scope.Attributes.AsSpan())
            {
                CompareEvaluator.Count(_attributes, new Key(InstrumentationScope, a.Key, a.Value), interval, intervals);
            }

            CompareEvaluator.Count(_names, span.Name, interval, intervals);
            CompareEvaluator.Count(_statuses, span.Status, interval, intervals);
            CompareEvaluator.Count(_kinds, span.Kind, interval, intervals);

            // Tempo's blocks store these as plain strings, so an absent one is counted as empty.
            CompareEvaluator.Count(_statusMessages, span.StatusMessage ?? string.Empty, interval, intervals);
            CompareEvaluator.Count(_rootServices, trace.RootService ?? string.Empty, interval, intervals);
            CompareEvaluator.Count(_rootNames, trace.RootName ?? string.Empty, interval, intervals);
            CompareEvaluator.Count(_scopeNames, scope.Name ?? string.Empty, interval, intervals);
            CompareEvaluator.Count(_scopeVersions, scope.Version ?? string.Empty, interval, intervals);
        }

        /// <summary>All counts keyed alike, once counting is done.</summary>
        public Dictionary<Key, double[]> Counts()
        {
            foreach (var (name, counts) in _names)
            {
                _attributes[new Key(IntrinsicScope, IntrinsicNames.Name, StaticValue.OfString(name))] = counts;
            }

            foreach (var (status, counts) in _statuses)
            {
                _attributes[new Key(IntrinsicScope, IntrinsicNames.Status, StaticValue.OfStatus(status))] = counts;
            }

            foreach (var (kind, counts) in _kinds)
            {
                _attributes[new Key(IntrinsicScope, IntrinsicNames.Kind, StaticValue.OfKind(kind))] = counts;
            }

            AddStrings(_statusMessages, IntrinsicNames.StatusMessage);
            AddStrings(_rootServices, IntrinsicNames.RootServiceName);
            AddStrings(_rootNames, IntrinsicNames.RootName);
            AddStrings(_scopeNames, IntrinsicNames.InstrumentationName);
            AddStrings(_scopeVersions, IntrinsicNames.InstrumentationVersion);

            return _attributes;
        }

        private void AddStrings(Dictionary<string, double[]> values, string name)
        {
            foreach (var (value, counts) in values)
            {
                _attributes[new Key(IntrinsicScope, name, StaticValue.OfString(value))] = counts;
            }
        }
    }

    /// <summary>Tempo's names of the intrinsics compare() counts.</summary>
    private static class IntrinsicNames
    {
        public const string Name = "name";
        public const string Status = "status";
        public const string Kind = "kind";
        public const string StatusMessage = "statusMessage";
        public const string RootServiceName = "rootServiceName";
        public const string RootName = "rootName";
        public const string InstrumentationName = "instrumentation:name";
        public const string InstrumentationVersion = "instrumentation:version";
    }
}
