namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>Tempo 2.x defaults of <c>metrics_generator.processor.local_blocks</c>.</summary>
public static class LocalBlocksDefaults
{
    /// <summary>Retention of stored spans, and how far back a query may start: 1 h.</summary>
    public static readonly TimeSpan CompleteBlockTimeout = TimeSpan.FromHours(1);

    /// <summary>Time span of one store segment (Tempo: head block cut period): 1 min.</summary>
    public static readonly TimeSpan MaxBlockDuration = TimeSpan.FromMinutes(1);

    /// <summary>Bytes one tenant's store may hold before its oldest segments are dropped: 500 MB.</summary>
    public const long MaxBlockBytes = 500_000_000;

    /// <summary>Keep only server spans and root spans (Tempo 2.x default).</summary>
    public const bool FilterServerSpans = true;

    /// <summary>A query may start this much before <c>now - complete_block_timeout</c>: 5 min (Tempo's slack).</summary>
    public static readonly TimeSpan QueryStartSlack = TimeSpan.FromMinutes(5);

    /// <summary>Directory of the per-tenant stores when <c>traces_storage.path</c> is not set.</summary>
    public const string Path = "data/local-blocks";
}
