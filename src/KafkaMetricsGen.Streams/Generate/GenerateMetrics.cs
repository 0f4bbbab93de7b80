using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>Self-metrics of the generate stage (Tempo's names, spec §7).</summary>
public static class GenerateMetrics
{
    public static readonly Gauge ActiveProcessors = Metrics.CreateGauge(
        "tempo_metrics_generator_active_processors", "1 for each processor a tenant runs, 0 for the others.", SelfMetricLabels.Tenant, SelfMetricLabels.Processor);

    public static readonly Counter ActiveProcessorsUpdateFailed = Metrics.CreateCounter(
        "tempo_metrics_generator_active_processors_update_failed_total", "Processor (re)builds that failed; the previous processors keep running.", SelfMetricLabels.Tenant);
}
