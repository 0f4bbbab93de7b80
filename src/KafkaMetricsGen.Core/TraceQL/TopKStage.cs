namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// <c>topk(n)</c> (<see cref="Top"/> true) or <c>bottomk(n)</c>: per timestamp, only the n highest (or lowest) series
/// keep their value; the others become absent there.
/// </summary>
public sealed record TopKStage(bool Top, int Limit) : SecondStage
{
    public override void Apply(List<MetricsSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count <= Limit)
        {
            return;
        }

        var intervals = series[0].Values.Length;
        var order = new List<(double Value, int Index)>(series.Count);
        for (var i = 0; i < intervals; i++)
        {
            order.Clear();
            for (var s = 0; s < series.Count; s++)
            {
                var v = series[s].Values[i];
                if (!double.IsNaN(v))
                {
                    order.Add((v, s));
                }
            }

            if (order.Count <= Limit)
            {
                continue;
            }

            order.Sort(Top
                ? static (a, b) => b.Value.CompareTo(a.Value)
                : static (a, b) => a.Value.CompareTo(b.Value));
            for (var k = Limit; k < order.Count; k++)
            {
                series[order[k].Index].Values[i] = double.NaN;
            }
        }
    }
}
