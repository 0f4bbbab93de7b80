namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>Self-metric names, Tempo's <c>tempo_metrics_generator_processor_local_blocks_*</c> where they fit.</summary>
public static class LocalBlocksMetricNames
{
    private const string Prefix = "tempo_metrics_generator_processor_local_blocks_";

    public const string SpansTotal = Prefix + "spans_total";
    public const string SpansDropped = Prefix + "spans_dropped_total";
    public const string Bytes = Prefix + "bytes";
    public const string CompletedBlocks = Prefix + "completed_blocks";
    public const string CutBlocks = Prefix + "cut_blocks";
}
