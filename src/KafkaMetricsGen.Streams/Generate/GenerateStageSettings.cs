using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// What every task that runs processors shares (generate tasks, and decode tasks for the processors that need no trace
/// affinity): settings, partition counts, the clock and the local-blocks tenants.
/// </summary>
public sealed class GenerateStageSettings
{
    public required ITenantConfigSource Configs { get; init; }

    /// <summary>Partitions of the <c>series-deltas</c> topic.</summary>
    public required int SeriesPartitions { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public LocalBlocksTenants? LocalBlocks { get; init; }

    /// <summary>
    /// How often idle work runs: edge expiry (Tempo: every 2 s), and the watermark records, each after the deltas of the
    /// windows it closes. Between ticks closed windows keep their deltas, so a series sends one delta per tick (or
    /// commit) for all the windows that closed in between, not one per window.
    /// </summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often, between ticks, a task checks whether it has just gone idle, so that it sends its watermark (and the
    /// deltas of the windows that closes) as soon as the idle time is over rather than at the next tick.
    /// </summary>
    public TimeSpan IdleCheckInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>After this long without input a task counts as idle and its watermark follows the clock.</summary>
    public TimeSpan IdleAfter { get; init; } = GenerateEngine.DefaultIdleAfter;

    /// <summary>How far behind the clock an idle task's watermark stays.</summary>
    public TimeSpan IdleLag { get; init; } = GenerateEngine.DefaultIdleLag;
}
