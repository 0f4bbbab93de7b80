using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>Self-metrics of the generate stage (Tempo's names, and the worker's own).</summary>
public static class GenerateMetrics
{
    public static readonly Gauge ActiveProcessors = Metrics.CreateGauge(
        "tempo_metrics_generator_active_processors", "1 for each processor a tenant runs, 0 for the others.", SelfMetricLabels.Tenant, SelfMetricLabels.Processor);

    public static readonly Counter ActiveProcessorsUpdateFailed = Metrics.CreateCounter(
        "tempo_metrics_generator_active_processors_update_failed_total", "Processor (re)builds that failed; the previous processors keep running.", SelfMetricLabels.Tenant);

    /// <summary>
    /// Spans the generate stage has processed; against the spans received it shows what is still between the stages
    /// (the spans-by-trace hop), and it marks when the last span was processed.
    /// </summary>
    public static readonly Counter SpansProcessed = Metrics.CreateCounter(
        "kafka_metrics_gen_generate_spans_processed_total", "Spans the generate stage has processed.", SelfMetricLabels.Tenant);

    /// <summary>
    /// Quiet spells: times a task went without input for the idle time, so its watermark began to follow the clock.
    /// The last one after a burst marks when the burst's last window could close.
    /// </summary>
    public static readonly Counter IdleSpells = Metrics.CreateCounter(
        "kafka_metrics_gen_generate_idle_spells_total", "Times a task went without input for the idle time, so its watermark began to follow the clock.");
}
