namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Exemplars of the final answer, after every instance's series are merged: capped again (Tempo's combiners), placeholder
/// values filled in and sorted by time (Tempo's frontend). Each series' candidates are taken oldest first, series by series
/// in turn, so no single series or instance takes every slot of a time bucket.
/// </summary>
internal static class ExemplarCombiner
{
    /// <summary>One bucket set shared by all <paramref name="series"/>, as Tempo's sum/min/max/avg combiners share one.</summary>
    public static void Cap(IReadOnlyList<MetricsSeries> series, uint limit, QueryRange range)
    {
        var pending = new MetricsExemplar[series.Count][];
        var longest = 0;
        for (var i = 0; i < series.Count; i++)
        {
            pending[i] = OldestFirst(series[i].Exemplars);
            series[i].Exemplars.Clear();
            longest = Math.Max(longest, pending[i].Length);
        }

        var buckets = new ExemplarBuckets(limit, range);
        for (var round = 0; round < longest && !buckets.IsFull; round++)
        {
            for (var i = 0; i < series.Count && !buckets.IsFull; i++)
            {
                if (round < pending[i].Length && buckets.TryAdd(pending[i][round].TimestampMs))
                {
                    series[i].Exemplars.Add(pending[i][round]);
                }
            }
        }
    }

    /// <summary>A quantile group's exemplars (from all its <c>__bucket</c> series) capped by a bucket set of its own.</summary>
    public static List<MetricsExemplar> CapGroup(List<MetricsExemplar> candidates, uint limit, QueryRange range)
    {
        var buckets = new ExemplarBuckets(limit, range);
        var kept = new List<MetricsExemplar>();
        foreach (var e in OldestFirst(candidates))
        {
            if (buckets.IsFull)
            {
                break;
            }

            if (buckets.TryAdd(e.TimestampMs))
            {
                kept.Add(e);
            }
        }

        return kept;
    }

    /// <summary>
    /// The index of the quantile value nearest to <paramref name="value"/> (Tempo's assignExemplarToQuantile), or -1.
    /// </summary>
    public static int NearestQuantile(double value, double[] quantileValues)
    {
        var best = -1;
        var bestDiff = double.PositiveInfinity;
        for (var i = 0; i < quantileValues.Length; i++)
        {
            var diff = Math.Abs(value - quantileValues[i]);
            if (diff < bestDiff)
            {
                bestDiff = diff;
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Drops exemplars whose interval has no sample (outside the range, or removed by topk), gives NaN placeholders the
    /// sample value of their interval (Tempo's attachExemplars) and sorts them by time.
    /// </summary>
    public static void Attach(MetricsSeries series, QueryRange range)
    {
        var list = series.Exemplars;
        var kept = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var e = list[i];
            var interval = IntervalOfMs(range, e.TimestampMs);
            if (interval < 0 || interval >= series.Values.Length || double.IsNaN(series.Values[interval]))
            {
                continue;
            }

            list[kept++] = double.IsNaN(e.Value) ? e with { Value = series.Values[interval] } : e;
        }

        list.RemoveRange(kept, list.Count - kept);
        var sorted = OldestFirst(list);
        list.Clear();
        list.AddRange(sorted);
    }

    /// <summary>The interval an exemplar timestamp (ms) falls in, as Tempo's IntervalMs maps it.</summary>
    public static int IntervalOfMs(QueryRange range, long timestampMs) =>
        timestampMs < 0 ? -1 : range.IntervalOf((ulong)timestampMs * 1_000_000);

    /// <summary>By timestamp; OrderBy is stable, so ties keep their arrival order.</summary>
    private static MetricsExemplar[] OldestFirst(List<MetricsExemplar> exemplars) => [.. exemplars.OrderBy(static e => e.TimestampMs)];
}
