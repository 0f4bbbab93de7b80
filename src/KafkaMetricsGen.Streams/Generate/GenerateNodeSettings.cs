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
    /// <see cref="ProcessorPlacement.ByTrace"/> when every input crosses the trace hop (the decode stage ran the rest);
    /// <see cref="ProcessorPlacement.All"/> when a trace-partitioned input sends whole batches here too.
    /// </summary>
    public required ProcessorPlacement Placement { get; init; }
}
