namespace KafkaMetricsGen.Streams.Replay;

public static class ReplayDefaults
{
    /// <summary>Application id of a replay unless given: <c>{app}-replay-{yyyyMMddHHmmss}</c>.</summary>
    public const string ApplicationIdInfix = "-replay-";

    /// <summary>How often progress is checked (ms).</summary>
    public const int PollIntervalMs = 500;

    /// <summary>Broker request timeout for planning and progress queries (s).</summary>
    public const int RequestTimeoutSeconds = 10;
}
