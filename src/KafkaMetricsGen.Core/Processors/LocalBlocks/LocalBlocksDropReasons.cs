namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>Values of the <c>reason</c> label of spans_dropped_total.</summary>
public static class LocalBlocksDropReasons
{
    /// <summary>The span started before the retention window (on arrival, or when its segment aged out).</summary>
    public const string Expired = "expired";

    /// <summary>The span's segment was dropped to keep the store under max_block_bytes.</summary>
    public const string MaxBlockBytes = "max_block_bytes";
}
