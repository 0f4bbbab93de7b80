namespace KafkaMetricsGen.Core.Telemetry;

/// <summary>Label names of the worker's own metrics.</summary>
public static class SelfMetricLabels
{
    public const string Tenant = "tenant";
    public const string Reason = "reason";
    public const string Processor = "processor";

    /// <summary>The <see cref="Processor"/> value of a span discarded before any processor saw it (Tempo's value).</summary>
    public const string AllProcessors = "all";
}
