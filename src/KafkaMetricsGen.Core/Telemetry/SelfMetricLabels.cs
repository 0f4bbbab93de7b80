namespace KafkaMetricsGen.Core.Telemetry;

/// <summary>Label names of the worker's own metrics.</summary>
public static class SelfMetricLabels
{
    public const string Tenant = "tenant";
    public const string Reason = "reason";
    public const string Processor = "processor";
}
