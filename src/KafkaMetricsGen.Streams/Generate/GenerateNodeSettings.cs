using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Streams.Aggregate;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>What the generate node of the topology adds to the stage settings: its place among the aggregate stage's upstreams, and which processors it builds.</summary>
public sealed class GenerateNodeSettings
{
    public required GenerateStageSettings Stage { get; init; }

    /// <summary>The upstream numbers of the generate tasks.</summary>
    public required UpstreamSlot Watermarks { get; init; }

    /// <summary>
    /// What runs on frames from the spans-by-trace hop and on the batches a trace-partitioned input hands on:
    /// <see cref="ProcessorPlacement.ByTrace"/> when the decode stage ran the other processors (and sent through the hop
    /// only the spans these read), <see cref="ProcessorPlacement.All"/> when it ran none.
    /// </summary>
    public required ProcessorPlacement HopPlacement { get; init; }
}
