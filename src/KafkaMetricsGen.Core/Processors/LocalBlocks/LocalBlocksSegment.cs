using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>The spans whose start time falls in one <c>max_block_duration</c> slot: immutable chunks and their RocksDB keys.</summary>
internal sealed class LocalBlocksSegment(long startMs)
{
    public long StartMs { get; } = startMs;

    public List<StoredSpan[]> Chunks { get; } = [];

    public List<byte[]> Keys { get; } = [];

    public long Bytes { get; set; }

    public long SpanCount { get; set; }
}
