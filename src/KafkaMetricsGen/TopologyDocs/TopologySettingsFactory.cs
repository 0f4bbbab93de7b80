using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;

namespace KafkaMetricsGen.TopologyDocs;

/// <summary>
/// Topology settings for describing the topology only: the shape depends on the inputs (names, codecs, trace
/// partitioning), not on tenants, sinks or the cluster, so no broker is contacted.
/// </summary>
public static class TopologySettingsFactory
{
    /// <summary>The demo's single OTLP protobuf topic.</summary>
    public static IReadOnlyList<InputTopic> DefaultInputs { get; } = [new InputTopic(KafkaDefaults.Topic, Codecs.OtlpProto)];

    public static WorkerTopologySettings Create(IReadOnlyList<InputTopic> inputs, int partitions = TopologyDocsDefaults.Partitions, string? tenantHeader = null, string? defaultTenant = null)
    {
        var configs = new StaticTenantConfigSource(new TenantPipelineConfig { Registry = new RegistryOptions() });
        return new WorkerTopologySettings
        {
            Inputs = inputs,
            TracePartitions = partitions,
            SeriesPartitions = partitions,
            TenantHeader = tenantHeader ?? KafkaDefaults.TenantHeader,
            DefaultTenant = defaultTenant ?? KafkaDefaults.DefaultTenant,
            Generate = new GenerateStageSettings { Configs = configs, SourcePartitions = partitions, SeriesPartitions = partitions },
            Aggregate = new AggregateStageSettings { Configs = configs, Sinks = new LatestValuesSink() },
        };
    }
}
