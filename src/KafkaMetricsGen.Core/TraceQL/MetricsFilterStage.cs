namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A comparison on the values of the series (<c>{ } | rate() by (x) &gt; 10</c>): a point that fails it becomes absent,
/// a series left with no point is dropped, and so is an exemplar whose value fails it. <see cref="Value"/> is in the
/// unit of the series (a duration is written in seconds, as duration series are). Exemplars of counting functions
/// still carry no value of their own here; they stay when their interval keeps its point.
/// </summary>
public sealed record MetricsFilterStage(ComparisonOperator Op, double Value) : SecondStage
{
    public override void Apply(List<MetricsSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.RemoveAll(s =>
        {
            var kept = false;
            var values = s.Values;
            for (var i = 0; i < values.Length; i++)
            {
                if (double.IsNaN(values[i]) || !Passes(values[i]))
                {
                    values[i] = double.NaN;
                    continue;
                }

                kept = true;
            }

            if (kept)
            {
                s.Exemplars.RemoveAll(e => !double.IsNaN(e.Value) && !Passes(e.Value));
            }

            return !kept;
        });
    }

    public bool Passes(double v) => Op switch
    {
        ComparisonOperator.Greater => v > Value,
        ComparisonOperator.GreaterOrEqual => v >= Value,
        ComparisonOperator.Less => v < Value,
        ComparisonOperator.LessOrEqual => v <= Value,
        ComparisonOperator.Equal => v == Value,
        ComparisonOperator.NotEqual => v != Value,
        _ => false,
    };
}
