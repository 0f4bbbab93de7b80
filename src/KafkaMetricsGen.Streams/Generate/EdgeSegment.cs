using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// One segment entry of a <see cref="PersistentEdgeStore"/>: the keys of the edges it was written with, and how many
/// of them it still holds the current copy of (the others completed, expired or were written again elsewhere since).
/// </summary>
internal sealed class EdgeSegment(long sequence)
{
    public long Sequence { get; } = sequence;

    public List<EdgeKey> Keys { get; } = [];

    public int Live { get; set; }
}
