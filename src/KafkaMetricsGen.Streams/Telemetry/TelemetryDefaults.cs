namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>Defaults of the worker's self-monitoring.</summary>
public static class TelemetryDefaults
{
    /// <summary>How often consumer lag is measured, seconds.</summary>
    public static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long one lag measurement may wait for the broker.</summary>
    public static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often remote-write health is sampled.</summary>
    public static readonly TimeSpan RemoteWriteCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Streamiz's reporting interval; 30 s is also its minimum.</summary>
    public const int StreamizMetricsIntervalMs = 30_000;

    /// <summary>Window close delay buckets, seconds: windows normally close one grace period after their end.</summary>
    public static readonly double[] WindowCloseDelayBuckets = [1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1800];

    /// <summary>At most one hot-path log line per key in this interval; the rest are counted and summarised.</summary>
    public static readonly TimeSpan LogRateLimit = TimeSpan.FromSeconds(10);
}
