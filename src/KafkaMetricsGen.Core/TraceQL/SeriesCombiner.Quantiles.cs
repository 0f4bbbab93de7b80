namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>quantile_over_time's final stage: quantiles from the merged power-of-two buckets, and their exemplars.</summary>
public static partial class SeriesCombiner
{
    private static List<MetricsSeries> Quantiles(FirstStageResult result, MetricsPipeline pipeline)
    {
        // Group the histogram series by their labels without __bucket.
        var groups = new Dictionary<string, (SeriesLabel[] Labels, List<(double Bucket, double[] Counts)> Buckets, List<MetricsExemplar> Exemplars)>(StringComparer.Ordinal);
        foreach (var s in result.Series.Values)
        {
            var key = MetricsSeries.KeyOf(s.Labels, TraceQLKeywords.BucketLabel);
            if (!groups.TryGetValue(key, out var g))
            {
                var labels = new List<SeriesLabel>(s.Labels.Length);
                foreach (var l in s.Labels)
                {
                    if (l.Name == TraceQLKeywords.BucketLabel)
                    {
                        continue;
                    }

                    labels.Add(l);
                }

                g = ([.. labels], [], []);
                groups.Add(key, g);
            }

            g.Buckets.Add((BucketOf(s), s.Values));
            g.Exemplars.AddRange(s.Exemplars);
        }

        var overall = OverallQuantiles(result, pipeline);

        var output = new List<MetricsSeries>();
        var intervals = result.Range.IntervalCount;
        foreach (var (labels, buckets, exemplars) in groups.Values)
        {
            buckets.Sort(static (a, b) => a.Bucket.CompareTo(b.Bucket));
            var perInterval = new List<(double Max, double Count)>(buckets.Count);
            var qValues = new double[pipeline.Quantiles.Count][];
            for (var q = 0; q < qValues.Length; q++)
            {
                qValues[q] = new double[intervals];
            }

            for (var i = 0; i < intervals; i++)
            {
                perInterval.Clear();
                foreach (var (bucket, counts) in buckets)
                {
                    var c = i < counts.Length ? counts[i] : 0;
                    if (c > 0 && !double.IsNaN(c))
                    {
                        perInterval.Add((bucket, c));
                    }
                }

                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(perInterval);
                for (var q = 0; q < qValues.Length; q++)
                {
                    qValues[q][i] = Log2Histogram.Quantile(pipeline.Quantiles[q], span);
                }
            }

            var perQuantile = new MetricsSeries[qValues.Length];
            for (var q = 0; q < qValues.Length; q++)
            {
                var withP = new SeriesLabel[labels.Length + 1];
                labels.CopyTo(withP, 0);
                withP[^1] = new SeriesLabel(TraceQLKeywords.QuantileLabel, StaticValue.OfFloat(pipeline.Quantiles[q]));
                perQuantile[q] = new MetricsSeries(withP, qValues[q]);
                output.Add(perQuantile[q]);
            }

            // Tempo caps a quantile group's exemplars on their own and hands each to the quantile whose value (over all
            // series and the whole range) is nearest to it.
            foreach (var e in ExemplarCombiner.CapGroup(exemplars, result.ExemplarLimit, result.Range))
            {
                var q = ExemplarCombiner.NearestQuantile(e.Value, overall);
                if (q >= 0)
                {
                    perQuantile[q].Exemplars.Add(e);
                }
            }
        }

        return output;
    }

    /// <summary>Each requested quantile over every bucket series and interval together (what exemplars are matched to).</summary>
    private static double[] OverallQuantiles(FirstStageResult result, MetricsPipeline pipeline)
    {
        var totals = new Dictionary<double, double>();
        foreach (var s in result.Series.Values)
        {
            var bucket = BucketOf(s);
            var sum = 0.0;
            foreach (var c in s.Values)
            {
                sum += double.IsNaN(c) ? 0 : c;
            }

            totals[bucket] = totals.GetValueOrDefault(bucket) + sum;
        }

        var buckets = new (double Max, double Count)[totals.Count];
        var n = 0;
        foreach (var (max, count) in totals)
        {
            buckets[n++] = (max, count);
        }

        Array.Sort(buckets, static (a, b) => a.Max.CompareTo(b.Max));
        var values = new double[pipeline.Quantiles.Count];
        for (var q = 0; q < values.Length; q++)
        {
            values[q] = Log2Histogram.Quantile(pipeline.Quantiles[q], buckets);
        }

        return values;
    }

    private static double BucketOf(MetricsSeries s)
    {
        foreach (var l in s.Labels)
        {
            if (l.Name == TraceQLKeywords.BucketLabel)
            {
                return l.Value.Kind == StaticKind.Float ? l.Value.Float : l.Value.AsDouble();
            }
        }

        return double.NaN;
    }
}
