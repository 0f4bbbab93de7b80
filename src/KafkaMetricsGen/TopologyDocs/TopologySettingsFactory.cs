using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Pipeline;

namespace KafkaMetricsGen.TopologyDocs;

/// <summary>
/// Topology settings for describing the topology only (<see cref="TopologyComposition.ForDescription"/>), with the
/// defaults of the <c>topology</c> command.
/// </summary>
public static class TopologySettingsFactory
{
    /// <summary>The demo's single OTLP protobuf topic.</summary>
    public static IReadOnlyList<InputTopic> DefaultInputs { get; } = [new InputTopic(KafkaDefaults.Topic, Codecs.OtlpProto)];

    public static WorkerTopologySettings Create(IReadOnlyList<InputTopic> inputs, int partitions = TopologyDocsDefaults.Partitions, string? tenantHeader = null, string? defaultTenant = null) =>
        TopologyComposition.ForDescription(inputs, partitions, tenantHeader, defaultTenant);
}
