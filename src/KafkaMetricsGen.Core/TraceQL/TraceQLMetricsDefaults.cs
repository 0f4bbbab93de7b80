namespace KafkaMetricsGen.Core.TraceQL;

public static class TraceQLMetricsDefaults
{
    /// <summary>How long a peer may take to answer its part of a query: 30 s.</summary>
    public static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Tempo 2.x local_blocks complete_block_timeout: 1 h.</summary>
    public static readonly TimeSpan CompleteBlockTimeout = TimeSpan.FromHours(1);

    /// <summary>Tempo accepts a start this much older than the retention window: 5 min.</summary>
    public static readonly TimeSpan StartSlack = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Intervals one query may ask for, (end - start) / step before alignment: 10,000 (Tempo's frontend
    /// <c>max_intervals</c> default).
    /// </summary>
    public const int MaxIntervals = 10_000;

    /// <summary>Series one query may produce before its answer is refused: 10,000 (lowered per request by <c>maxSeries</c>).</summary>
    public const int MaxSeries = 10_000;

    /// <summary>How long one query may evaluate before it is refused: 30 s.</summary>
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Exemplars one time bucket of the range may hold (Tempo's maxExemplarsPerBucket): 2.</summary>
    public const int ExemplarsPerBucket = 2;
}
