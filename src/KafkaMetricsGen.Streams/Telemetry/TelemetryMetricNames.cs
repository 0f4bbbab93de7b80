namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>Names of the worker's Kafka and stream self-metrics (Tempo's where the meaning is the same).</summary>
public static class TelemetryMetricNames
{
    /// <summary>Partitions of the input topics assigned to this instance (Tempo HEAD's name).</summary>
    public const string AssignedPartitions = "tempo_metrics_generator_assigned_partitions";

    /// <summary>Records between the group's committed offset and the high watermark (Tempo's name).</summary>
    public const string PartitionLag = "tempo_ingest_group_partition_lag";

    /// <summary>Age of the oldest record not yet committed by the group, seconds (Tempo's name).</summary>
    public const string PartitionLagSeconds = "tempo_ingest_group_partition_lag_seconds";

    /// <summary>Wall clock minus the end of the newest window written, seconds.</summary>
    public const string WindowCloseDelay = "kafka_metrics_gen_window_close_delay_seconds";

    /// <summary>Whether remote write has been failing (1) or works (0).</summary>
    public const string RemoteWriteFailing = "kafka_metrics_gen_remote_write_failing";

    /// <summary>Prefix of Streamiz's own metrics: <c>streamiz_{group}_{name}</c>.</summary>
    public const string StreamizPrefix = "streamiz_";

    public const string GroupLabel = "group";
    public const string TopicLabel = "topic";
    public const string PartitionLabel = "partition";
    public const string TenantLabel = "tenant";
}
