using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Pipeline;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>One tenant's processors in one generate task, writing into a delta registry.</summary>
public sealed class TenantGenerator : IDisposable
{
    private readonly SpanMetricsProcessor? _spanMetrics;
    private readonly ServiceGraphsProcessor? _serviceGraphs;
    private readonly LocalBlocksProcessor? _localBlocks;
    private readonly Prometheus.Counter.Child _spansProcessed;

    public TenantGenerator(string tenant, TenantPipelineConfig config, TimeProvider time, IEdgeStore? edgeStore, LocalBlocksTenants? localBlocks)
    {
        Tenant = tenant;
        Config = config;
        Registry = new DeltaRegistry(tenant, config.Registry, time);
        if (config.SpanMetrics is { } sm && config.SpanMetricsSubprocessors != SpanMetricsSubprocessor.None)
        {
            _spanMetrics = new SpanMetricsProcessor(tenant, sm, Registry, config.SpanMetricsSubprocessors);
        }

        if (config.ServiceGraphs is { } sg && config.ServiceGraphsSubProcessors != ServiceGraphsSubProcessors.None)
        {
            _serviceGraphs = new ServiceGraphsProcessor(tenant, sg, Registry, config.ServiceGraphsSubProcessors, edgeStore, time);
        }

        if (config.LocalBlocks && localBlocks is not null)
        {
            _localBlocks = localBlocks.GetOrCreate(tenant);
        }

        _spansProcessed = GenerateMetrics.SpansProcessed.WithLabels(tenant);
        GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.SpanMetrics).Set(_spanMetrics is null ? 0 : 1);
        GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.ServiceGraphs).Set(_serviceGraphs is null ? 0 : 1);
        GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.LocalBlocks).Set(_localBlocks is null ? 0 : 1);
    }

    public string Tenant { get; }

    public TenantPipelineConfig Config { get; }

    public DeltaRegistry Registry { get; }

    public int PendingEdges => _serviceGraphs?.PendingEdges ?? 0;

    public void Push(SpanBatch batch)
    {
        // Tempo skips metrics generation for such pushes but still feeds local blocks.
        if (!batch.SkipMetricsGeneration)
        {
            _spanMetrics?.PushSpans(batch);
            _serviceGraphs?.PushSpans(batch);
        }

        _localBlocks?.PushSpans(batch);
        _spansProcessed.Inc(batch.SpanCount);
    }

    /// <summary>Expires pending edges (virtual nodes, expired-edge counts).</summary>
    public void Expire() => _serviceGraphs?.Expire();

    public void Dispose()
    {
        _spanMetrics?.Dispose();
        _serviceGraphs?.Dispose();
    }
}
