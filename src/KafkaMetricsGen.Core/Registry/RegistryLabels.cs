namespace KafkaMetricsGen.Core.Registry;

/// <summary>Label names, values and name suffixes the registry writes.</summary>
public static class RegistryLabels
{
    public const string MetricName = "__name__";
    public const string Le = "le";
    public const string PlusInf = "+Inf";
    public const string MetricOverflow = "metric_overflow";
    public const string True = "true";

    /// <summary>Tempo's label that tells generator instances apart; here it tells apart the overflow series of a tenant's
    /// series partitions, the only series more than one task writes under the same labels otherwise.</summary>
    public const string MetricsGenInstance = "__metrics_gen_instance";
    public const string BucketSuffix = "_bucket";
    public const string SumSuffix = "_sum";
    public const string CountSuffix = "_count";
}
