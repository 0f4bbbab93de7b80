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
}
