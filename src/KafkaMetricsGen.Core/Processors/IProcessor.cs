using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors;

/// <summary>
/// A per-tenant processor (span-metrics, service-graphs, local-blocks). It is built once per tenant and configuration,
/// makes its decisions in its constructor, and reads each batch without keeping references to it.
/// </summary>
public interface IProcessor : IDisposable
{
    /// <summary>The processor name as Tempo spells it (<see cref="ProcessorNames"/>).</summary>
    string Name { get; }

    /// <summary>Processes every span of the batch; bad spans are counted, never thrown.</summary>
    void PushSpans(SpanBatch batch);
}
