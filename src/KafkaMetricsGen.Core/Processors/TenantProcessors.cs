using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Processors;

/// <summary>
/// One tenant's processor set, the only place that lists the processors: span metrics, service graphs and host info
/// writing into the tenant's registry, and local blocks keeping spans for TraceQL. The worker's generate stage and the offline
/// <c>process</c> command both build it, so a span reaches the same processors in the same order either way.
/// </summary>
public sealed class TenantProcessors : IDisposable
{
    private readonly SpanMetricsProcessor? _spanMetrics;
    private readonly ServiceGraphsProcessor? _serviceGraphs;
    private readonly HostInfoProcessor? _hostInfo;
    private readonly LocalBlocksProcessor? _localBlocks;

    /// <param name="tenant">The tenant every series and self-metric is labelled with.</param>
    /// <param name="options">Which processors run, with their settings.</param>
    /// <param name="registry">Where the metrics processors write.</param>
    /// <param name="time">The service-graph edges' clock (expiry).</param>
    /// <param name="edgeStore">Pending edges; null keeps them in memory.</param>
    /// <param name="localBlocks">The tenant's span store; null: no local blocks.</param>
    public TenantProcessors(string tenant, TenantProcessorsOptions options, IMetricsRegistry registry, TimeProvider time, IEdgeStore? edgeStore = null, LocalBlocksProcessor? localBlocks = null)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        if (options.SpanMetrics is { } spanMetrics && options.SpanMetricsKinds != SpanMetricsSubprocessor.None)
        {
            _spanMetrics = new SpanMetricsProcessor(tenant, spanMetrics, registry, options.SpanMetricsKinds);
        }

        if (options.ServiceGraphs is { } serviceGraphs && options.ServiceGraphsKinds != ServiceGraphsSubProcessors.None)
        {
            _serviceGraphs = new ServiceGraphsProcessor(tenant, serviceGraphs, registry, options.ServiceGraphsKinds, edgeStore, time);
        }

        if (options.HostInfo is { } hostInfo)
        {
            _hostInfo = new HostInfoProcessor(tenant, hostInfo, registry);
        }

        _localBlocks = localBlocks;
    }

    public bool SpanMetrics => _spanMetrics is not null;

    public bool ServiceGraphs => _serviceGraphs is not null;

    public bool HostInfo => _hostInfo is not null;

    public bool LocalBlocks => _localBlocks is not null;

    public int PendingEdges => _serviceGraphs?.PendingEdges ?? 0;

    public void Push(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // Tempo skips metrics generation for such pushes but still feeds local blocks.
        if (!batch.SkipMetricsGeneration)
        {
            _spanMetrics?.PushSpans(batch);
            _serviceGraphs?.PushSpans(batch);
            _hostInfo?.PushSpans(batch);
        }

        _localBlocks?.PushSpans(batch);
    }

    /// <summary>Expires pending edges (virtual nodes, expired-edge counts).</summary>
    public void Expire() => _serviceGraphs?.Expire();

    /// <summary>Disposes the metrics processors; the local-blocks store belongs to its tenants' registry and outlives this set.</summary>
    public void Dispose()
    {
        _spanMetrics?.Dispose();
        _serviceGraphs?.Dispose();
        _hostInfo?.Dispose();
    }
}
