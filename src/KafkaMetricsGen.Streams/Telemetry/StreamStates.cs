namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>Kafka Streams state names as reported on <c>/status</c>.</summary>
public static class StreamStates
{
    public const string Created = "CREATED";
    public const string Rebalancing = "REBALANCING";
    public const string Running = "RUNNING";
    public const string PendingShutdown = "PENDING_SHUTDOWN";
    public const string NotRunning = "NOT_RUNNING";
    public const string Error = "ERROR";

    /// <summary>
    /// The worker's own state, not Kafka Streams': the stream died of a transient Kafka error and is being created
    /// anew (alive, not ready).
    /// </summary>
    public const string Recovering = "RECOVERING";
}
