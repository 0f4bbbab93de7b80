using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Hosting;

/// <summary>What differs between the commands that build a topology (<see cref="TopologyComposition"/>).</summary>
public sealed class TopologyParts
{
    public required IReadOnlyList<InputTopic> Inputs { get; init; }

    /// <summary>The largest input's partition count.</summary>
    public required int Partitions { get; init; }

    /// <summary>Partitions of the spans-by-trace topic (and the generate stage); 0: as many as <see cref="Partitions"/>.</summary>
    public int TracePartitions { get; init; }

    /// <summary>Partitions of the series-deltas topic (the aggregate stage); 0: as many as <see cref="Partitions"/>.</summary>
    public int SeriesPartitions { get; init; }

    public required ITenantConfigSource Configs { get; init; }

    public required ITenantSinks Sinks { get; init; }

    public WorkerStatus? Status { get; init; }

    public LocalBlocksTenants? LocalBlocks { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string TenantHeader { get; init; } = KafkaDefaults.TenantHeader;

    public string DefaultTenant { get; init; } = KafkaDefaults.DefaultTenant;

    /// <summary>The generate stage's idle time; null: the worker's default.</summary>
    public TimeSpan? IdleAfter { get; init; }

    /// <summary>The generate stage's idle lag; null: the worker's default.</summary>
    public TimeSpan? IdleLag { get; init; }

    internal int EffectiveTracePartitions => TracePartitions > 0 ? TracePartitions : Partitions;

    internal int EffectiveSeriesPartitions => SeriesPartitions > 0 ? SeriesPartitions : Partitions;

    internal TimeSpan EffectiveIdleAfter => IdleAfter ?? GenerateEngine.DefaultIdleAfter;

    internal TimeSpan EffectiveIdleLag => IdleLag ?? GenerateEngine.DefaultIdleLag;
}
