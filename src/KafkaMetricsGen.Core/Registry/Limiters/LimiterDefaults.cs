namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary>Tempo's fixed limiter settings (not configurable there either).</summary>
public static class LimiterDefaults
{
    /// <summary>The value an over-limit label gets.</summary>
    public const string OverflowValue = "__cardinality_overflow__";

    /// <summary>How often the estimates are re-read and the over-limit flags and demand gauges updated.</summary>
    public static readonly TimeSpan DemandUpdateInterval = TimeSpan.FromSeconds(15);

    /// <summary>The time one sketch of a <see cref="CardinalityWindow"/> covers; the ring advances this often.</summary>
    public static readonly TimeSpan SketchDuration = TimeSpan.FromMinutes(5);

    /// <summary>The longest stale duration the estimate window follows (288 sketches); longer ones use the fallback.</summary>
    public static readonly TimeSpan MaxStaleDuration = TimeSpan.FromDays(1);

    /// <summary>The window used when the stale duration is out of range (1 m or less, shorter than a sketch, over a day).</summary>
    public static readonly TimeSpan FallbackStaleDuration = TimeSpan.FromMinutes(15);
}
