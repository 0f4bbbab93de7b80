namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Exemplars of the final answer, after every instance's series are merged: capped again (Tempo's combiners), placeholder
/// values filled in and sorted by time (Tempo's frontend).
/// </summary>
internal static class ExemplarCombiner
{
    /// <summary>
    /// One bucket set shared by all <paramref name="series"/>, as Tempo's sum/min/max/avg combiners share one. Tempo admits
    /// exemplars in the order job results arrive; here, within each time bucket, every series offers its oldest candidate
    /// before any offers a second, starting from a different series in each bucket, so no series or instance takes every
    /// slot of the range.
    /// </summary>
    public static void Cap(IReadOnlyList<MetricsSeries> series, uint limit, QueryRange range)
    {
        var buckets = new ExemplarBuckets(limit, range);
        var candidates = new List<(int Rank, int Turn, int Seq, int Series, MetricsExemplar Exemplar)>();
        var perBucket = new Dictionary<int, int>();
        for (var i = 0; i < series.Count; i++)
        {
            perBucket.Clear();
            foreach (var e in OldestFirst(series[i].Exemplars))
            {
                var bucket = buckets.BucketOf(e.TimestampMs);
                if (bucket < 0)
                {
                    continue;
                }

                var rank = perBucket.GetValueOrDefault(bucket);
                perBucket[bucket] = rank + 1;
                candidates.Add((rank, (i - bucket % series.Count + series.Count) % series.Count, candidates.Count, i, e));
            }

            series[i].Exemplars.Clear();
        }

        candidates.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank)
            : a.Turn != b.Turn ? a.Turn.CompareTo(b.Turn)
            : a.Seq.CompareTo(b.Seq));
        foreach (var (_, _, _, i, e) in candidates)
        {
            if (buckets.IsFull)
            {
                break;
            }

            if (buckets.TryAdd(e.TimestampMs))
            {
                series[i].Exemplars.Add(e);
            }
        }

        foreach (var s in series)
        {
            var sorted = OldestFirst(s.Exemplars);
            s.Exemplars.Clear();
            s.Exemplars.AddRange(sorted);
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
