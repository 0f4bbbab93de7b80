namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Constants of Tempo's query-range step rules (nanoseconds).</summary>
public static class QueryRangeDefaults
{
    /// <summary>The default step aims at this many points (1 h at 15 s).</summary>
    public const ulong TargetDataPoints = 240;

    public const ulong OneMinuteNano = 60_000_000_000;

    /// <summary>Sub-minute ranges snap to 50 ms multiples.</summary>
    public const ulong SubMinuteGranularityNano = 50_000_000;

    /// <summary>The smallest default step for a range of a minute or more: 1 s.</summary>
    public const ulong MinStepNano = 1_000_000_000;

    /// <summary>Granularities a baseline snaps down to, high to low: 1h, 5m, 1m, 15s, 5s, 1s.</summary>
    public static readonly ulong[] StepLadderNano =
        [3_600_000_000_000, 300_000_000_000, 60_000_000_000, 15_000_000_000, 5_000_000_000, 1_000_000_000];

    /// <summary>Default look-back when neither start nor since is given: 1 h.</summary>
    public static readonly TimeSpan Since = TimeSpan.FromHours(1);

    /// <summary>Tempo's frontend max_exemplars default.</summary>
    public const int MaxExemplars = 100;
}
