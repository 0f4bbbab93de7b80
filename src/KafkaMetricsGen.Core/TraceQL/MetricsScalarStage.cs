namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Arithmetic between every value of the series and a number: <c>({ } | rate()) * 100</c> or, with
/// <see cref="ScalarOnLeft"/>, <c>100 / ({ } | rate())</c>. Exemplar values change the same way; x / 0 is absent.
/// </summary>
public sealed record MetricsScalarStage(char Op, double Value, bool ScalarOnLeft) : SecondStage
{
    public override void Apply(List<MetricsSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
        {
            var values = s.Values;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Compute(values[i]);
            }

            for (var i = 0; i < s.Exemplars.Count; i++)
            {
                s.Exemplars[i] = s.Exemplars[i] with { Value = Compute(s.Exemplars[i].Value) };
            }
        }
    }

    private double Compute(double v) => ScalarOnLeft ? MetricsArithmetic.Apply(Op, Value, v) : MetricsArithmetic.Apply(Op, v, Value);
}
