namespace KafkaMetricsGen.Streams.Replay;

public static class ReplayDefaults
{
    /// <summary>Application id of a replay unless given: <c>{app}-replay-{yyyyMMddHHmmss}</c>.</summary>
    public const string ApplicationIdInfix = "-replay-";

    /// <summary>
    /// Once input is consumed, how long the closed windows may stay unchanged before the replay counts as done (s):
    /// the generate stage's idle delay (5 s) before its watermark follows the clock, the window grace and a tick.
    /// </summary>
    public const int SettleSeconds = 10;

    /// <summary>How often progress is checked (ms).</summary>
    public const int PollIntervalMs = 500;

    /// <summary>How often the progress line is logged (s).</summary>
    public const int ProgressLogSeconds = 10;

    /// <summary>Broker request timeout for planning and progress queries (s).</summary>
    public const int RequestTimeoutSeconds = 10;
}
