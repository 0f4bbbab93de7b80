namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Merges first-stage results from several instances and turns them into the answer: avg = sum / count,
/// quantiles from the merged power-of-two histograms, then the second stages; exemplars are carried along and capped once all
/// are merged (<see cref="ExemplarCombiner"/>).
/// </summary>
public static partial class SeriesCombiner
{
    /// <summary>
    /// Adds <paramref name="series"/> into <paramref name="into"/>: min/max take the extreme, the rest add (NaN = absent);
    /// exemplars are appended (the cap comes in <see cref="Finalize"/>).
    /// </summary>
    public static void Merge(FirstStageResult into, MetricsPipeline pipeline, IEnumerable<MetricsSeries> series)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
        {
            if (!into.Series.TryGetValue(s.Key, out var existing))
            {
                var copy = new double[into.Range.IntervalCount];
                Array.Fill(copy, double.NaN);
                existing = new MetricsSeries(s.Labels, copy);
                into.Series.Add(existing.Key, existing);
            }

            var n = Math.Min(existing.Values.Length, s.Values.Length);
            for (var i = 0; i < n; i++)
            {
                existing.Values[i] = Combine(pipeline.Function, existing.Values[i], s.Values[i]);
            }

            existing.Exemplars.AddRange(s.Exemplars);
        }
    }

    private static double Combine(MetricsFunction function, double a, double b)
    {
        if (double.IsNaN(a))
        {
            return b;
        }

        if (double.IsNaN(b))
        {
            return a;
        }

        return function switch
        {
            MetricsFunction.MinOverTime => Math.Min(a, b),
            MetricsFunction.MaxOverTime => Math.Max(a, b),
            _ => a + b,
        };
    }

    /// <summary>The final series, sorted by key: empty series are dropped later by the response writer.</summary>
    public static List<MetricsSeries> Finalize(FirstStageResult result, MetricsPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(pipeline);
        var output = pipeline.Function switch
        {
            MetricsFunction.AvgOverTime => Average(result),
            MetricsFunction.QuantileOverTime => Quantiles(result, pipeline),
            MetricsFunction.Compare => CompareEvaluator.TopN(result.Series.Values, pipeline.Compare!.TopN),
            _ => [.. result.Series.Values],
        };
        if (pipeline.Function is MetricsFunction.Rate or MetricsFunction.CountOverTime or MetricsFunction.HistogramOverTime)
        {
            // Counts are 0, never absent, in intervals no span fell into (merged series may carry NaN).
            foreach (var s in output)
            {
                for (var i = 0; i < s.Values.Length; i++)
                {
                    if (double.IsNaN(s.Values[i]))
                    {
                        s.Values[i] = 0;
                    }
                }
            }
        }

        SecondStage.ApplyAll(pipeline.Stages, output);

        output.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var s in output)
        {
            ExemplarCombiner.Attach(s, result.Range);
        }

        if (pipeline.Function != MetricsFunction.QuantileOverTime)
        {
            ExemplarCombiner.Cap(output, result.ExemplarLimit, result.Range);
        }

        return output;
    }

    private static List<MetricsSeries> Average(FirstStageResult result)
    {
        var output = new List<MetricsSeries>();
        foreach (var s in result.Series.Values)
        {
            if (IsCountHalf(s))
            {
                continue;
            }

            var countLabels = new SeriesLabel[s.Labels.Length + 1];
            s.Labels.CopyTo(countLabels, 0);
            countLabels[^1] = new SeriesLabel(TraceQLKeywords.MetaTypeLabel, StaticValue.OfString(TraceQLKeywords.MetaTypeCount));
            result.Series.TryGetValue(MetricsSeries.KeyOf(countLabels, null), out var counts);
            var values = new double[s.Values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var c = counts is null ? 0 : counts.Values[i];
                values[i] = c > 0 ? s.Values[i] / c : double.NaN;
            }

            var average = new MetricsSeries(s.Labels, values);
            average.Exemplars.AddRange(s.Exemplars);
            output.Add(average);
        }

        return output;
    }

    private static bool IsCountHalf(MetricsSeries s)
    {
        foreach (var l in s.Labels)
        {
            if (l.Name == TraceQLKeywords.MetaTypeLabel)
            {
                return true;
            }
        }

        return false;
    }
}
