namespace KafkaMetricsGen.Streams.Sink;

/// <summary>Defaults of the sink stage's unsent-window store.</summary>
public static class UnsentWindowDefaults
{
    /// <summary>
    /// <c>kafka.max_unsent_windows</c>, in windows per aggregate task (one per series partition), over every tenant and
    /// endpoint: with the default 15 s collection interval, one tenant and one endpoint, over four hours of outage.
    /// </summary>
    public const int MaxUnsentWindows = 1000;
}
