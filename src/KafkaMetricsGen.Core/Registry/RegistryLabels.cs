namespace KafkaMetricsGen.Core.Registry;

/// <summary>Label names, values and name suffixes the registry writes.</summary>
public static class RegistryLabels
{
    public const string MetricName = "__name__";
    public const string Le = "le";
    public const string PlusInf = "+Inf";
    public const string MetricOverflow = "metric_overflow";
    public const string True = "true";
    public const string BucketSuffix = "_bucket";
    public const string SumSuffix = "_sum";
    public const string CountSuffix = "_count";
}
