namespace KafkaMetricsGen.Core.Registry;

/// <summary>Label names, values and name suffixes the registry writes.</summary>
public static class RegistryLabels
{
    public const string MetricName = "__name__";
    public const string Le = "le";
    public const string PlusInf = "+Inf";
    public const string MetricOverflow = "metric_overflow";
    public const string True = "true";

    /// <summary>Tempo's label that tells generator instances apart. The worker never writes it: every series, the
    /// overflow series included, has one writer; tests check that it is absent.</summary>
    public const string MetricsGenInstance = "__metrics_gen_instance";
    public const string BucketSuffix = "_bucket";
    public const string SumSuffix = "_sum";
    public const string CountSuffix = "_count";
}
