namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>First-stage metrics functions.</summary>
public enum MetricsFunction : byte
{
    Rate,
    CountOverTime,
    SumOverTime,
    AvgOverTime,
    MinOverTime,
    MaxOverTime,
    QuantileOverTime,
    HistogramOverTime,

    /// <summary><c>compare({selection}, topN, start, end)</c>: counts per attribute value, baseline against selection.</summary>
    Compare,
}
