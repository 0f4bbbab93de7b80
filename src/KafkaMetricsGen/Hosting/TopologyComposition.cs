using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Hosting;

/// <summary>
/// The one place the worker's topology settings are assembled: <c>run</c>, <c>replay</c>, <c>demo</c>, <c>bench</c>
/// and <c>topology</c> each say what differs (<see cref="TopologyParts"/>) and get the same wiring of the stages, so a
/// stage setting added here reaches every command.
/// </summary>
public static class TopologyComposition
{
    public static WorkerTopologySettings Create(TopologyParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var series = parts.EffectiveSeriesPartitions;
        return new WorkerTopologySettings
        {
            Inputs = parts.Inputs,
            TracePartitions = parts.EffectiveTracePartitions,
            InputPartitions = parts.Partitions,
            SeriesPartitions = series,
            TenantHeader = parts.TenantHeader,
            DefaultTenant = parts.DefaultTenant,
            Generate = new GenerateStageSettings
            {
                Configs = parts.Configs,
                SeriesPartitions = series,
                Time = parts.Time,
                LocalBlocks = parts.LocalBlocks,
                IdleAfter = parts.EffectiveIdleAfter,
                IdleLag = parts.EffectiveIdleLag,
            },
            Aggregate = new AggregateStageSettings { Configs = parts.Configs, SeriesPartitions = series, Sinks = parts.Sinks, Status = parts.Status },
        };
    }

    /// <summary>
    /// Settings for describing the topology only: its shape depends on the inputs (names, codecs, trace partitioning),
    /// not on tenants, sinks or the cluster, so no broker is contacted.
    /// </summary>
    public static WorkerTopologySettings ForDescription(IReadOnlyList<InputTopic> inputs, int partitions, string? tenantHeader = null, string? defaultTenant = null) => Create(new TopologyParts
    {
        Inputs = inputs,
        Partitions = partitions,
        Configs = new StaticTenantConfigSource(new TenantPipelineConfig { Registry = new RegistryOptions() }),
        Sinks = new LatestValuesSink(),
        TenantHeader = tenantHeader ?? Streams.Configuration.KafkaDefaults.TenantHeader,
        DefaultTenant = defaultTenant ?? Streams.Configuration.KafkaDefaults.DefaultTenant,
    });
}
