using Prometheus;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>Self-metrics of the aggregate stage's state writes (what each commit sends to the store's changelog).</summary>
public static class AggregateMetrics
{
    /// <summary>Label: the kind of state entry (<see cref="EntrySeries"/>, <see cref="EntryPending"/>, ...).</summary>
    public const string EntryLabel = "entry";

    /// <summary>A cumulative series.</summary>
    public const string EntrySeries = "series";

    /// <summary>The deltas of a window not yet closed.</summary>
    public const string EntryPending = "pending";

    /// <summary>The end of a tenant's last closed window.</summary>
    public const string EntryClosed = "closed";

    /// <summary>An upstream task's watermark.</summary>
    public const string EntryWatermark = "watermark";

    public static readonly Counter StatePuts = Metrics.CreateCounter(
        "kafka_metrics_gen_aggregate_state_puts_total", "Entries the aggregate stage put into its state store.", EntryLabel);

    public static readonly Counter StatePutBytes = Metrics.CreateCounter(
        "kafka_metrics_gen_aggregate_state_put_bytes_total", "Bytes of the values the aggregate stage put into its state store.", EntryLabel);

    public static readonly Counter StateDeletes = Metrics.CreateCounter(
        "kafka_metrics_gen_aggregate_state_deletes_total", "Entries the aggregate stage deleted from its state store.", EntryLabel);
}
