using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Telemetry;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Tempo's service-graphs processor: pairs each CLIENT/PRODUCER span with the SERVER/CONSUMER span that is
/// its child into an edge between two services, and writes request counts and latency histograms per edge. Pairing
/// needs every span of a trace in this instance within <c>wait</c> (trace affinity). Unpaired edges
/// expire when the host calls <see cref="Expire"/> (every <see cref="ServiceGraphsDefaults.ExpireInterval"/>).
/// Calls are serialised by a lock, so <see cref="Expire"/> may run on a timer thread.
/// </summary>
public sealed class ServiceGraphsProcessor : IProcessor
{
    private static readonly byte[] ServiceNameKey = "service.name"u8.ToArray();

    private readonly Lock _gate = new();
    private readonly IEdgeStore _store;
    private readonly EdgeWriter _writer;
    private readonly EdgeEmitter _emitter;
    private readonly SpanSideUpdate _update;
    private readonly SpanFilter _filter;
    private readonly SpanMultiplier _multiplier;
    private readonly TimeProvider _time;
    private readonly Prometheus.Counter.Child _filtered;
    private readonly Prometheus.Counter.Child _edges;
    private readonly Prometheus.Counter.Child _droppedSpans;
    private readonly Prometheus.Counter.Child _droppedEdges;
    private readonly Prometheus.Counter.Child _droppedSideOverflow;

    /// <param name="tenant">The tenant, for self-metrics.</param>
    /// <param name="options">Validated here; throws naming the key on a bad value.</param>
    /// <param name="registry">Where the metrics go.</param>
    /// <param name="subProcessors">The enabled families (<see cref="ServiceGraphsSubProcessorParser"/>).</param>
    /// <param name="store">The pending edges; null builds an <see cref="InMemoryEdgeStore"/> from the options.</param>
    /// <param name="timeProvider">The clock edge expiry runs on (used when the store is built here).</param>
    public ServiceGraphsProcessor(
        string tenant,
        ServiceGraphsOptions options,
        IMetricsRegistry registry,
        ServiceGraphsSubProcessors subProcessors,
        IEdgeStore? store,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        Tenant = tenant;
        SubProcessors = subProcessors;
        _store = store ?? InMemoryEdgeStore.Create(options, timeProvider);
        var layout = new DimensionLayout(options);
        _writer = new EdgeWriter(options, layout);
        _emitter = new EdgeEmitter(tenant, options, registry, subProcessors, layout);
        _update = new SpanSideUpdate(_writer, _emitter);
        _filter = new SpanFilter(options.FilterPolicies, ServiceGraphsSchema.Prefix);
        _multiplier = new SpanMultiplier(options.SpanMultiplierKey, options.EnableTracestateSpanMultiplier);
        _time = timeProvider;
        _filtered = SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.ServiceGraphsFiltered, ProcessorNames.ServiceGraphs);
        _edges = ServiceGraphsSelfMetrics.Edges.WithLabels(tenant);
        _droppedSpans = ServiceGraphsSelfMetrics.DroppedSpans.WithLabels(tenant);
        _droppedEdges = ServiceGraphsSelfMetrics.DroppedEdges.WithLabels(tenant);
        _droppedSideOverflow = ServiceGraphsSelfMetrics.DroppedSpanSideCacheOverflow.WithLabels(tenant);
    }

    public string Name => ProcessorNames.ServiceGraphs;

    public string Tenant { get; }

    public ServiceGraphsSubProcessors SubProcessors { get; }

    /// <summary>Pending edges (for tests and the host's gauges).</summary>
    public int PendingEdges
    {
        get
        {
            lock (_gate)
            {
                return _store.Count;
            }
        }
    }

    public void PushSpans(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            // One clock read for the batch: the expiry of every edge it leaves waiting.
            var now = _time.GetUtcNow();
            for (var r = 0; r < batch.ResourceCount; r++)
            {
                // A resource without service.name takes no part; a present but empty one is the service "".
                if (!batch.TryFind(batch.ResourceAttributes(r), ServiceNameKey, out var serviceAttribute))
                {
                    continue;
                }

                var service = serviceAttribute.Kind == AnyValueKind.String ? batch.String(serviceAttribute.Value) : string.Empty;
                ref readonly var resource = ref batch.Resource(r);
                _writer.StartResource();
                for (var s = resource.SpanStart; s < resource.SpanStart + resource.SpanCount; s++)
                {
                    PushSpan(batch, r, s, service, now);
                }
            }
        }
    }

    /// <summary>Expires unpaired edges whose wait is over: virtual-node edges are emitted, the rest counted.</summary>
    public void Expire()
    {
        lock (_gate)
        {
            _store.Expire(_emitter);
        }
    }

    public void Dispose()
    {
        // The store belongs to whoever made it; pending edges are simply abandoned, as Tempo does on shutdown.
    }

    /// <summary>
    /// What the processor reads of a span under <paramref name="options"/>: service.name, the edge writer's keys
    /// (dimensions, peer, database and server-address attributes), the multiplier's key or trace state, and what the
    /// filter policies name. A batch holding this much gives the same edges as the whole batch.
    /// </summary>
    public static SpanProjection Reads(ServiceGraphsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var writer = new EdgeWriter(options, new DimensionLayout(options));
        var filter = new SpanFilter(options.FilterPolicies, ServiceGraphsSchema.Prefix);
        var multiplier = new SpanMultiplier(options.SpanMultiplierKey, options.EnableTracestateSpanMultiplier);
        IEnumerable<byte[]> keys = [ServiceNameKey, .. writer.Keys, .. filter.AttributeKeys];
        if (multiplier.KeyUtf8 is { } multiplierKey)
        {
            keys = keys.Append(multiplierKey);
        }

        return SpanProjection.Of(keys, filter.ReadsName, multiplier.ReadsTraceState);
    }

    /// <summary>True for the span kinds that make one side of an edge; the processor ignores every other span.</summary>
    public static bool Reads(SpanKind kind) => kind is SpanKind.Client or SpanKind.Producer or SpanKind.Server or SpanKind.Consumer;

    private void PushSpan(SpanBatch batch, int resourceIndex, int spanIndex, string service, DateTimeOffset now)
    {
        ref readonly var span = ref batch.Span(spanIndex);
        EdgeSide side;
        EdgeKey key;
        switch (span.Kind)
        {
            case SpanKind.Client:
            case SpanKind.Producer:
                side = EdgeSide.Client;
                key = new EdgeKey(span.TraceId, span.SpanId);
                break;
            case SpanKind.Server:
            case SpanKind.Consumer:
                side = EdgeSide.Server;
                key = new EdgeKey(span.TraceId, span.ParentSpanId);
                break;
            default:
                return;
        }

        if (!_filter.Keep(batch, resourceIndex, span))
        {
            _filtered.Inc();
            RecordDroppedSide(key, side);
            return;
        }

        var multiplier = _multiplier.IsConstant ? 1.0 : _multiplier.For(batch, resourceIndex, span);
        switch (_store.Upsert(key, side, _update.Set(batch, resourceIndex, spanIndex, service, multiplier, side, now)))
        {
            case EdgeUpsertResult.Created:
            case EdgeUpsertResult.CreatedComplete:
                _edges.Inc();
                break;
            case EdgeUpsertResult.TooManyItems:
                _droppedSpans.Inc();
                break;
            case EdgeUpsertResult.DroppedSide:
                _droppedEdges.Inc();
                break;
            default:
                break;
        }
    }

    private void RecordDroppedSide(in EdgeKey key, EdgeSide side)
    {
        // A filtered root server span has no client to warn, so it leaves nothing behind.
        if (side == EdgeSide.Server && key.IsRoot)
        {
            return;
        }

        var result = _store.AddDroppedSide(key, side);
        if ((result & DroppedSideResult.CounterpartDeleted) != 0)
        {
            _droppedEdges.Inc();
        }

        if ((result & DroppedSideResult.Overflow) != 0)
        {
            _droppedSideOverflow.Inc();
        }
    }
}
