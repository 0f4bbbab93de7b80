using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>Self-metrics of the generate stage (Tempo's names, and the worker's own).</summary>
public static class GenerateMetrics
{
    /// <summary>Label: the stage that sent series deltas (<see cref="StageDecode"/> or <see cref="StageGenerate"/>).</summary>
    public const string StageLabel = "stage";

    /// <summary>Label: why deltas were sent (<see cref="TriggerWindowClosed"/> or <see cref="TriggerCommit"/>).</summary>
    public const string TriggerLabel = "trigger";

    /// <summary>The processors that run where records arrive (span metrics, target_info), in the decode stage.</summary>
    public const string StageDecode = "decode";

    /// <summary>The processors that need trace affinity (or all of them, for trace-partitioned input).</summary>
    public const string StageGenerate = "generate";

    /// <summary>Deltas of windows closed at the task's watermark, sent right before the watermark (each tick, or as the task goes idle).</summary>
    public const string TriggerWindowClosed = "window_closed";

    /// <summary>Every delta held, open windows included, sent when the task commits.</summary>
    public const string TriggerCommit = "commit";

    public static readonly Gauge ActiveProcessors = Metrics.CreateGauge(
        "tempo_metrics_generator_active_processors", "1 for each processor a tenant runs, 0 for the others.", SelfMetricLabels.Tenant, SelfMetricLabels.Processor);

    public static readonly Counter ActiveProcessorsUpdateFailed = Metrics.CreateCounter(
        "tempo_metrics_generator_active_processors_update_failed_total", "Processor (re)builds that failed; the previous processors keep running.", SelfMetricLabels.Tenant);

    /// <summary>
    /// Spans run through the processors that need no trace affinity (every span, once): in the decode stage where it runs
    /// them, else in the generate stage. The spans that also cross the spans-by-trace hop are counted by
    /// <see cref="SpansSentByTrace"/> and <see cref="SpansProcessedByTrace"/>.
    /// </summary>
    public static readonly Counter SpansProcessed = Metrics.CreateCounter(
        "kafka_metrics_gen_generate_spans_processed_total", "Spans run through the processors that need no trace affinity.", SelfMetricLabels.Tenant);

    /// <summary>
    /// Spans the decode stage sent through the spans-by-trace hop (the ones a processor that needs trace affinity reads),
    /// counted before the processors of the decode stage run on their record.
    /// </summary>
    public static readonly Counter SpansSentByTrace = Metrics.CreateCounter(
        "kafka_metrics_gen_spans_by_trace_sent_total", "Spans sent through the spans-by-trace hop.", SelfMetricLabels.Tenant);

    /// <summary>
    /// Spans processed after the spans-by-trace hop; sent minus processed is what the hop holds (a skipped invalid
    /// sub-batch stays in the difference, and is counted by the invalid sub-batches).
    /// </summary>
    public static readonly Counter SpansProcessedByTrace = Metrics.CreateCounter(
        "kafka_metrics_gen_spans_by_trace_processed_total", "Spans processed after the spans-by-trace hop.", SelfMetricLabels.Tenant);

    /// <summary>
    /// Quiet spells: times a task went without input for the idle time, so its watermark began to follow the clock.
    /// The last one after a burst marks when the burst's last window could close.
    /// </summary>
    public static readonly Counter IdleSpells = Metrics.CreateCounter(
        "kafka_metrics_gen_generate_idle_spells_total", "Times a task went without input for the idle time, so its watermark began to follow the clock.");

    /// <summary>Series-deltas records sent to the aggregate stage (one per tenant, series partition and drain).</summary>
    public static readonly Counter DeltaRecordsSent = Metrics.CreateCounter(
        "kafka_metrics_gen_series_deltas_records_sent_total", "Series-deltas records sent to the aggregate stage.", StageLabel, TriggerLabel);

    /// <summary>Bytes of the series-deltas records sent (record values).</summary>
    public static readonly Counter DeltaBytesSent = Metrics.CreateCounter(
        "kafka_metrics_gen_series_deltas_bytes_sent_total", "Bytes of the series-deltas records sent to the aggregate stage.", StageLabel, TriggerLabel);

    /// <summary>(window, series) deltas in the records sent.</summary>
    public static readonly Counter DeltasSent = Metrics.CreateCounter(
        "kafka_metrics_gen_series_deltas_sent_total", "Per-window series deltas sent to the aggregate stage.", StageLabel, TriggerLabel);
}
