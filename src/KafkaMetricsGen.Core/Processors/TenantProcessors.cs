using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Processors;

/// <summary>
/// One tenant's processor set, the only place that lists the processors: span metrics, service graphs and host info
/// writing into the tenant's registry, and local blocks keeping spans for TraceQL. The worker's stages and the offline
/// <c>process</c> command all build it, so a span reaches the same processors either way. It also says which processors
/// need trace affinity (<see cref="ProcessorPlacement"/>): the worker runs the others where a record arrives, and sends
/// only the spans <see cref="SelectsForTrace"/> picks to the stage that groups spans by trace.
/// </summary>
public sealed class TenantProcessors : IDisposable
{
    private readonly SpanMetricsProcessor? _spanMetrics;
    private readonly ServiceGraphsProcessor? _serviceGraphs;
    private readonly HostInfoProcessor? _hostInfo;
    private readonly LocalBlocksProcessor? _localBlocks;
    private readonly bool _serviceGraphsByTrace;
    private readonly LocalBlocksProcessor? _localBlocksByTrace;
    private readonly TenantProcessorsOptions _options;
    private SpanProjection? _byTraceReads;

    /// <param name="tenant">The tenant every series and self-metric is labelled with.</param>
    /// <param name="options">Which processors run, with their settings.</param>
    /// <param name="registry">Where the metrics processors write.</param>
    /// <param name="time">The service-graph edges' clock (expiry).</param>
    /// <param name="edgeStore">Pending edges; null keeps them in memory.</param>
    /// <param name="localBlocks">The tenant's span store; null: no local blocks.</param>
    /// <param name="placement">Which of the processors this set runs; the others only shape <see cref="SelectsForTrace"/>.</param>
    public TenantProcessors(
        string tenant,
        TenantProcessorsOptions options,
        IMetricsRegistry registry,
        TimeProvider time,
        IEdgeStore? edgeStore = null,
        LocalBlocksProcessor? localBlocks = null,
        ProcessorPlacement placement = ProcessorPlacement.All)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        var local = placement != ProcessorPlacement.ByTrace;
        var byTrace = placement != ProcessorPlacement.WhereRecordArrives;
        if (local && options.SpanMetrics is { } spanMetrics && options.SpanMetricsKinds != SpanMetricsSubprocessor.None)
        {
            _spanMetrics = new SpanMetricsProcessor(tenant, spanMetrics, registry, options.SpanMetricsKinds);
        }

        _serviceGraphsByTrace = options.ServiceGraphs is not null && options.ServiceGraphsKinds != ServiceGraphsSubProcessors.None;
        if (byTrace && _serviceGraphsByTrace)
        {
            _serviceGraphs = new ServiceGraphsProcessor(tenant, options.ServiceGraphs!, registry, options.ServiceGraphsKinds, edgeStore, time);
        }

        if (local && options.HostInfo is { } hostInfo)
        {
            _hostInfo = new HostInfoProcessor(tenant, hostInfo, registry);
        }

        _localBlocksByTrace = localBlocks;
        _localBlocks = byTrace ? localBlocks : null;
        _options = options;
    }

    public bool SpanMetrics => _spanMetrics is not null;

    public bool ServiceGraphs => _serviceGraphs is not null;

    public bool HostInfo => _hostInfo is not null;

    public bool LocalBlocks => _localBlocks is not null;

    public int PendingEdges => _serviceGraphs?.PendingEdges ?? 0;

    /// <summary>
    /// What the processors needing trace affinity read of the spans <see cref="SelectsForTrace"/> picks; worked out on
    /// first use, by the stage that sends them. Local blocks answer TraceQL on any field, so the spans they keep travel
    /// whole.
    /// </summary>
    public SpanProjection ByTraceReads => _byTraceReads ??= _serviceGraphsByTrace && _localBlocksByTrace is null
        ? ServiceGraphsProcessor.Reads(_options.ServiceGraphs!)
        : SpanProjection.Everything;

    /// <summary>True when the tenant runs a processor that needs every span of a trace in one place.</summary>
    public bool NeedsTraceAffinity => _serviceGraphsByTrace || _localBlocksByTrace is not null;

    /// <summary>
    /// True for a span that a processor needing trace affinity reads: service graphs read client, server, producer and
    /// consumer spans (of batches that generate metrics); local blocks the spans they keep. Every other span is finished
    /// where its record arrives.
    /// </summary>
    public bool SelectsForTrace(SpanBatch batch, in SpanRef span)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_serviceGraphsByTrace && !batch.SkipMetricsGeneration && ServiceGraphsProcessor.Reads(span.Kind))
        {
            return true;
        }

        return _localBlocksByTrace is not null && _localBlocksByTrace.Keeps(span);
    }

    /// <summary>Runs the batch through the processors of <paramref name="placement"/> that this set has.</summary>
    public void Push(SpanBatch batch, ProcessorPlacement placement = ProcessorPlacement.All)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // Tempo skips metrics generation for such pushes but still feeds local blocks.
        if (!batch.SkipMetricsGeneration)
        {
            if (placement != ProcessorPlacement.ByTrace)
            {
                _spanMetrics?.PushSpans(batch);
                _hostInfo?.PushSpans(batch);
            }

            if (placement != ProcessorPlacement.WhereRecordArrives)
            {
                _serviceGraphs?.PushSpans(batch);
            }
        }

        if (placement != ProcessorPlacement.WhereRecordArrives)
        {
            _localBlocks?.PushSpans(batch);
        }
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
