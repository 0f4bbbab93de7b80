namespace KafkaMetricsGen.Core.Exposition;

/// <summary>Wire-visible words of the Prometheus text format as written here.</summary>
public static class ExpositionNames
{
    public const string MetricNameLabel = "__name__";
    public const string BucketLabel = "le";
    public const string BucketSuffix = "_bucket";
    public const string SumSuffix = "_sum";
    public const string CountSuffix = "_count";
    public const string CounterSuffix = "_total";
    public const string TypeCounter = "counter";
    public const string TypeGauge = "gauge";
    public const string TypeHistogram = "histogram";
}
