namespace KafkaMetricsGen.Streams.Sink;

/// <summary>Self-metric names and label values of the sink stage's unsent-window store.</summary>
public static class SinkMetricNames
{
    /// <summary>Windows removed from the store before they were sent (they no longer survive a crash), by reason.</summary>
    public const string UnsentWindowsDropped = "kafka_metrics_gen_unsent_windows_dropped_total";

    /// <summary>Windows requeued from the store after a restart or rebalance.</summary>
    public const string UnsentWindowsRestored = "kafka_metrics_gen_unsent_windows_restored_total";

    public const string LabelTenant = "tenant";
    public const string LabelReason = "reason";

    /// <summary><c>kafka.max_unsent_windows</c> was reached: the oldest stored window gave way (it is still sent while the process lives).</summary>
    public const string ReasonBacklogFull = "unsent_backlog_full";

    /// <summary>A stored window names a remote-write endpoint the tenant no longer has.</summary>
    public const string ReasonEndpointGone = "endpoint_gone";

    /// <summary>A stored window could not be read (written by an incompatible version).</summary>
    public const string ReasonUnreadable = "unreadable";
}
