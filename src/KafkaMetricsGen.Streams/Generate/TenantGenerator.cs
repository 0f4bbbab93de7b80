using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Tenancy;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// One tenant's processors (<see cref="TenantProcessors"/>) in one task (or shared by the tasks of a stream thread,
/// see the constructor), writing into a delta registry: those that need
/// no trace affinity in a decode task, the others in a generate task (<see cref="ProcessorPlacement"/>).
/// </summary>
public sealed class TenantGenerator : IDisposable
{
    private readonly TenantProcessors _processors;
    private readonly Prometheus.Counter.Child? _spansProcessed;
    private readonly Prometheus.Counter.Child _spansProcessedByTrace;

    public TenantGenerator(
        string tenant,
        TenantPipelineConfig config,
        TimeProvider time,
        IEdgeStore? edgeStore,
        LocalBlocksTenants? localBlocks,
        ProcessorPlacement placement = ProcessorPlacement.All,
        bool sharedByTasks = false)
    {
        Tenant = tenant;
        Config = config;
        MemberEdges = edgeStore as MemberEdgeStores;
        Registry = new DeltaRegistry(tenant, config.Registry, time, Core.Registry.Limiters.TenantCardinality.OfInstance(tenant), followsObservations: !sharedByTasks);
        _processors = new TenantProcessors(tenant, config.Processors, Registry, time, edgeStore, config.LocalBlocks ? localBlocks?.GetOrCreate(tenant) : null, placement);

        // Every span passes the processors that need no trace affinity; a by-trace push holds only a selection of spans
        // already counted there, so it is not counted again.
        _spansProcessed = GenerateMetrics.SpansProcessed.WithLabels(tenant);
        _spansProcessedByTrace = GenerateMetrics.SpansProcessedByTrace.WithLabels(tenant);
        if (placement != ProcessorPlacement.ByTrace)
        {
            GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.SpanMetrics).Set(_processors.SpanMetrics ? 1 : 0);
            GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.HostInfo).Set(_processors.HostInfo ? 1 : 0);
        }

        if (placement != ProcessorPlacement.WhereRecordArrives)
        {
            GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.ServiceGraphs).Set(_processors.ServiceGraphs ? 1 : 0);
            GenerateMetrics.ActiveProcessors.WithLabels(tenant, ProcessorNames.LocalBlocks).Set(_processors.LocalBlocks ? 1 : 0);
        }
    }

    public string Tenant { get; }

    public TenantPipelineConfig Config { get; }

    public DeltaRegistry Registry { get; }

    public int PendingEdges => _processors.PendingEdges;

    /// <summary>The pending edges of every member task, in an engine the tasks of a stream thread share; else null.</summary>
    public MemberEdgeStores? MemberEdges { get; }

    /// <summary>The tenant's processors, which also say which spans need trace affinity.</summary>
    public TenantProcessors Processors => _processors;

    /// <summary>Runs the batch through the processors of <paramref name="placement"/>; whole batches count as processed spans.</summary>
    public void Push(SpanBatch batch, ProcessorPlacement placement = ProcessorPlacement.All)
    {
        _processors.Push(batch, placement);
        if (placement != ProcessorPlacement.ByTrace)
        {
            _spansProcessed?.Inc(batch.SpanCount);
        }
    }

    /// <summary>Counts a batch that came through the spans-by-trace hop as processed, once <see cref="Push"/> ran it.</summary>
    public void ProcessedByTrace(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _spansProcessedByTrace.Inc(batch.SpanCount);
    }

    /// <summary>Expires pending edges (virtual nodes, expired-edge counts).</summary>
    public void Expire() => _processors.Expire();

    public void Dispose() => _processors.Dispose();
}
