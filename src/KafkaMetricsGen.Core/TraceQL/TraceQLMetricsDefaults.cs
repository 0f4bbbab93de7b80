namespace KafkaMetricsGen.Core.TraceQL;

public static class TraceQLMetricsDefaults
{
    /// <summary>How long a peer may take to answer its part of a query: 30 s.</summary>
    public static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Tempo 2.x local_blocks complete_block_timeout: 1 h.</summary>
    public static readonly TimeSpan CompleteBlockTimeout = TimeSpan.FromHours(1);

    /// <summary>Tempo accepts a start this much older than the retention window: 5 min.</summary>
    public static readonly TimeSpan StartSlack = TimeSpan.FromMinutes(5);

    /// <summary>Intervals one query may produce (Tempo's frontend bounds points the same way): 11,000.</summary>
    public const int MaxIntervals = 11_000;

    /// <summary>Exemplars one time bucket of the range may hold (Tempo's maxExemplarsPerBucket): 2.</summary>
    public const int ExemplarsPerBucket = 2;
}
