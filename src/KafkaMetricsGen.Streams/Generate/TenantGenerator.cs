using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>One tenant's processors (<see cref="TenantProcessors"/>) in one generate task, writing into a delta registry.</summary>
public sealed class TenantGenerator : IDisposable
{
    private readonly TenantProcessors _processors;
    private readonly Prometheus.Counter.Child _spansProcessed;

    public TenantGenerator(string tenant, TenantPipelineConfig config, TimeProvider time, IEdgeStore? edgeStore, LocalBlocksTenants? localBlocks)
    {
        Tenant = tenant;
        Config = config;
        Registry = new DeltaRegistry(tenant, config.Registry, time);
        _processors = new TenantProcessors(tenant, config.Processors, Registry, time, edgeStore, config.LocalBlocks ? localBlocks?.GetOrCreate(tenant) : null);
        _spansProcessed = GenerateMetrics.SpansProcessed.WithLabels(tenant);
        GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.SpanMetrics).Set(_processors.SpanMetrics ? 1 : 0);
        GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.ServiceGraphs).Set(_processors.ServiceGraphs ? 1 : 0);
        GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.HostInfo).Set(_processors.HostInfo ? 1 : 0);
        GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.LocalBlocks).Set(_processors.LocalBlocks ? 1 : 0);
    }

    public string Tenant { get; }

    public TenantPipelineConfig Config { get; }

    public DeltaRegistry Registry { get; }

    public int PendingEdges => _processors.PendingEdges;

    public void Push(SpanBatch batch)
    {
        _processors.Push(batch);
        _spansProcessed.Inc(batch.SpanCount);
    }

    /// <summary>Expires pending edges (virtual nodes, expired-edge counts).</summary>
    public void Expire() => _processors.Expire();

    public void Dispose() => _processors.Dispose();
}
