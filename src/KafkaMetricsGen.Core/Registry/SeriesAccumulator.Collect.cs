namespace KafkaMetricsGen.Core.Registry;

/// <summary>Writing a closed window: labels, zero samples, classic and native histograms, exemplars, staleness.</summary>
public sealed partial class SeriesAccumulator
{
    private string[] _baseNames = [];
    private string[] _baseValues = [];
    private readonly List<AccumulatedSeries> _stale = [];
    private readonly NativeHistogramSample _histogram = new();
    private string[] _scratchNames = new string[32];
    private string[] _scratchValues = new string[32];

    /// <summary>External labels, then the tenant label over them (Tempo's precedence), sorted by name.</summary>
    private static (string[] Names, string[] Values) BaseLabels(string tenant, RegistryOptions options)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in options.ExternalLabels)
        {
            merged[name] = value;
        }

        if (options.InjectTenantIdAs.Length > 0)
        {
            merged[options.InjectTenantIdAs] = tenant;
        }

        return ([.. merged.Keys], [.. merged.Values]);
    }

    /// <summary>Series labels, overridden by the base labels, plus <c>__name__</c>; computed once per series.</summary>
    private void BuildOutputLabels(AccumulatedSeries s)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < s.LabelNames.Length; i++)
        {
            merged[s.LabelNames[i]] = s.LabelValues[i];
        }

        for (var i = 0; i < _baseNames.Length; i++)
        {
            merged[_baseNames[i]] = _baseValues[i];
        }

        merged[RegistryLabels.MetricName] = s.Metric;
        s.OutNames = [.. merged.Keys];
        s.OutValues = [.. merged.Values];
        s.NameIndex = Array.IndexOf(s.OutNames, RegistryLabels.MetricName);
        var le = 0;
        while (le < s.OutNames.Length && string.CompareOrdinal(s.OutNames[le], RegistryLabels.Le) < 0)
        {
            le++;
        }

        s.LeIndex = le;
        s.OutHashes = new ulong[s.Kind == MetricKind.Histogram ? s.BucketCounts.Length + 3 : 1];
    }

    private void WriteWindow(long end, ISeriesAppender appender)
    {
        var write = !_options.DisableCollection;
        var staleBefore = end - _staleMs;
        foreach (var head in _series.Values)
        {
            for (var s = head; s is not null; s = s.Next)
            {
                if (s.LastUpdatedMs < staleBefore)
                {
                    _stale.Add(s);
                    if (write && s.Written)
                    {
                        WriteStale(s, end, appender);
                    }

                    continue;
                }

                if (write)
                {
                    WriteSeries(s, end, appender);
                }
            }
        }

        foreach (var s in _stale)
        {
            Remove(s);
        }

        _stale.Clear();
        ReportActive();
        if (write)
        {
            try
            {
                appender.Commit(end);
            }
            catch
            {
                RegistryMetrics.CollectionsFailed.WithLabels(Tenant, RegistryMetricNames.ErrorTypeOther).Inc();
                throw;
            }
        }
    }

    private void WriteSeries(AccumulatedSeries s, long end, ISeriesAppender appender)
    {
        // A new series gets a 0 one interval earlier so rate()/increase() see its first increment.
        var first = !s.Written;
        var zeroAt = end - _intervalMs;
        s.Written = true;
        if (s.Kind != MetricKind.Histogram)
        {
            var labels = Labels(s, 0, s.Metric, null);
            if (first && s.Kind == MetricKind.Counter)
            {
                appender.AppendSample(labels, zeroAt, 0);
            }

            appender.AppendSample(labels, end, s.Value);
            return;
        }

        var names = Names(s.Metric, s.Bounds);
        var mode = _options.GenerateNativeHistograms;
        if (mode != HistogramMode.Native)
        {
            var count = Labels(s, 2, names.Count, null);
            if (first)
            {
                appender.AppendSample(count, zeroAt, 0);
            }

            appender.AppendSample(Labels(s, 1, names.Sum, null), end, s.Sum);
            appender.AppendSample(Labels(s, 2, names.Count, null), end, s.Count);
            double cumulative = 0;
            for (var b = 0; b < s.BucketCounts.Length; b++)
            {
                cumulative += s.BucketCounts[b];
                var bucket = Labels(s, 3 + b, names.Bucket, names.Le[b]);
                if (first)
                {
                    appender.AppendSample(bucket, zeroAt, 0);
                }

                appender.AppendSample(bucket, end, cumulative);
                WriteExemplar(s, b, bucket, end, appender);
            }
        }

        if (mode != HistogramMode.Classic && s.Native is not null)
        {
            var labels = Labels(s, 0, s.Metric, null);
            if (first)
            {
                appender.AppendHistogram(labels, Native(s, zeroAt, empty: true, stale: false));
            }

            appender.AppendHistogram(labels, Native(s, end, empty: false, stale: false));
            if (mode == HistogramMode.Native)
            {
                for (var b = 0; b < s.Exemplars.Length; b++)
                {
                    WriteExemplar(s, b, labels, end, appender);
                }
            }
        }
    }

    private void WriteExemplar(AccumulatedSeries s, int bucket, in LabelSet labels, long end, ISeriesAppender appender)
    {
        var e = s.Exemplars[bucket];
        if (e.IsEmpty)
        {
            return;
        }

        // Sent once, then cleared; Tempo strips leading zeros from the hex id.
        s.Exemplars[bucket] = default;
        var hex = e.TraceId.ToHex().TrimStart('0');
        appender.AppendExemplar(labels, new ExemplarSample(_options.TraceIdLabelName, hex, e.Value, end));
    }

    private void WriteStale(AccumulatedSeries s, long end, ISeriesAppender appender)
    {
        var stale = StaleMarker.Value;
        if (s.Kind != MetricKind.Histogram)
        {
            appender.AppendSample(Labels(s, 0, s.Metric, null), end, stale);
            return;
        }

        var names = Names(s.Metric, s.Bounds);
        var mode = _options.GenerateNativeHistograms;
        if (mode != HistogramMode.Native)
        {
            appender.AppendSample(Labels(s, 1, names.Sum, null), end, stale);
            appender.AppendSample(Labels(s, 2, names.Count, null), end, stale);
            for (var b = 0; b < s.BucketCounts.Length; b++)
            {
                appender.AppendSample(Labels(s, 3 + b, names.Bucket, names.Le[b]), end, stale);
            }
        }

        if (mode != HistogramMode.Classic && s.Native is not null)
        {
            appender.AppendHistogram(Labels(s, 0, s.Metric, null), Native(s, end, empty: true, stale: true));
        }
    }

    /// <summary>The reused native sample (appenders borrow it for the call only, like label sets).</summary>
    private NativeHistogramSample Native(AccumulatedSeries s, long timestampMs, bool empty, bool stale)
    {
        var h = _histogram;
        var native = s.Native!;
        h.PositiveSpans.Clear();
        h.PositiveDeltas.Clear();
        h.TimestampMs = timestampMs;
        h.Schema = native.Schema;
        h.ZeroThreshold = RegistryDefaults.NativeHistogramZeroThreshold;
        h.ResetHint = 0;
        h.ZeroCount = empty ? 0 : s.NativeZeroCount;
        h.Count = empty ? 0 : s.NativeCount;
        h.Sum = stale ? StaleMarker.Value : empty ? 0 : s.NativeSum;
        if (!empty)
        {
            native.ToSpans(h.PositiveSpans, h.PositiveDeltas);
        }

        return h;
    }

    private MetricNames Names(string metric, double[] bounds)
    {
        if (!_names.TryGetValue(metric, out var names) || names.Le.Length != bounds.Length + 1)
        {
            names = new MetricNames(metric, bounds);
            _names[metric] = names;
        }

        return names;
    }

    /// <summary>The series' output labels with <c>__name__</c> set and, for a bucket, <c>le</c> inserted in order. Slots: 0 the
    /// metric itself, 1 <c>_sum</c>, 2 <c>_count</c>, 3 + b bucket b.</summary>
    private LabelSet Labels(AccumulatedSeries s, int slot, string name, string? le)
    {
        var n = s.OutNames.Length + 1;
        if (_scratchNames.Length < n)
        {
            _scratchNames = new string[n * 2];
            _scratchValues = new string[n * 2];
        }

        var o = 0;
        for (var i = 0; i < s.OutNames.Length; i++)
        {
            if (i == s.LeIndex && le is not null)
            {
                _scratchNames[o] = RegistryLabels.Le;
                _scratchValues[o++] = le;
            }

            _scratchNames[o] = s.OutNames[i];
            _scratchValues[o++] = i == s.NameIndex ? name : s.OutValues[i];
        }

        if (le is not null && s.LeIndex == s.OutNames.Length)
        {
            _scratchNames[o] = RegistryLabels.Le;
            _scratchValues[o++] = le;
        }

        // Hashing every label of every sample dominated collection; each output series' hash is computed once.
        ref var hash = ref s.OutHashes[slot];
        if (hash == 0)
        {
            hash = LabelSet.ComputeHash(_scratchNames.AsSpan(0, o), _scratchValues.AsSpan(0, o));
        }

        return new LabelSet(_scratchNames, _scratchValues, o, hash);
    }
}
