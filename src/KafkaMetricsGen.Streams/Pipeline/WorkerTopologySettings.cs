using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;

namespace KafkaMetricsGen.Streams.Pipeline;

/// <summary>Everything the topology is built from.</summary>
public sealed class WorkerTopologySettings
{
    public required IReadOnlyList<InputTopic> Inputs { get; init; }

    /// <summary>Partitions of <c>spans-by-trace</c> (and of trace-partitioned inputs, which must match).</summary>
    public required int TracePartitions { get; init; }

    /// <summary>
    /// Partitions of the largest input topic, and so the decode tasks of each input; 0: as many as
    /// <see cref="TracePartitions"/>.
    /// </summary>
    public int InputPartitions { get; init; }

    /// <summary><see cref="InputPartitions"/>, or <see cref="TracePartitions"/> when not given.</summary>
    public int EffectiveInputPartitions => InputPartitions > 0 ? InputPartitions : TracePartitions;

    /// <summary>Partitions of <c>series-deltas</c> (the aggregate stage's parallelism).</summary>
    public required int SeriesPartitions { get; init; }

    public string TenantHeader { get; init; } = DecodeDefaults.TenantHeader;

    public string DefaultTenant { get; init; } = DecodeDefaults.DefaultTenant;

    public required GenerateStageSettings Generate { get; init; }

    public required AggregateStageSettings Aggregate { get; init; }

    /// <summary>
    /// Bounded runs (replay): per input topic, the exclusive end offset of each partition. Records at or past it are
    /// skipped, so data produced after the replay started is not counted twice. Null: unbounded.
    /// </summary>
    public IReadOnlyDictionary<string, long[]>? EndOffsets { get; init; }

    public void Validate()
    {
        if (Inputs.Count == 0)
        {
            throw new ArgumentException("kafka.topics: at least one input topic is needed");
        }

        foreach (var input in Inputs)
        {
            input.Validate();
        }

        if (TracePartitions < 1 || SeriesPartitions < 1 || InputPartitions < 0)
        {
            throw new ArgumentException("kafka.partitions: trace and series partition counts must be ≥ 1");
        }
    }
}
