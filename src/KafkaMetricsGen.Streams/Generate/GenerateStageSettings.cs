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

    /// <summary>How often idle work runs: edge expiry (Tempo: every 2 s), watermark records.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the deltas of windows closed at the task's watermark are sent between commits (every delta is sent at
    /// every commit), so the aggregate stage is never kept waiting for a commit and the commit interval can stay long.
    /// Changed edges go to the edge-store only at commits: nothing downstream reads them before that.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>After this long without input a task counts as idle and its watermark follows the clock.</summary>
    public TimeSpan IdleAfter { get; init; } = GenerateEngine.DefaultIdleAfter;

    /// <summary>How far behind the clock an idle task's watermark stays.</summary>
    public TimeSpan IdleLag { get; init; } = GenerateEngine.DefaultIdleLag;
}
