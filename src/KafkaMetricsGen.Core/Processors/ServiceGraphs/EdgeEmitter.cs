using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Telemetry;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Turns a completed edge into observations and decides what an expired edge becomes.
/// Every observation is stamped with the edge's event time: the later end time of its spans, or for a database or
/// virtual-node edge the end time of the one span it has.
/// </summary>
internal sealed class EdgeEmitter : IEdgeExpiryHandler
{
    private readonly DimensionLayout _layout;
    private readonly EdgeLabelCache _labels;
    private readonly ICounter? _requestTotal;
    private readonly ICounter? _requestFailedTotal;
    private readonly IHistogram? _serverSeconds;
    private readonly IHistogram? _clientSeconds;
    private readonly IHistogram? _messagingSeconds;
    private readonly IGauge? _connectionInfo;
    private readonly Prometheus.Counter.Child _invalidUtf8;
    private readonly string _tenant;
    private readonly Prometheus.Counter.Child[] _expiredByKind;

    public EdgeEmitter(string tenant, ServiceGraphsOptions options, IMetricsRegistry registry, ServiceGraphsSubProcessors subProcessors, DimensionLayout layout)
    {
        _tenant = tenant;
        _layout = layout;
        _labels = new EdgeLabelCache(registry.NewLabelBuilder(), layout);
        if ((subProcessors & ServiceGraphsSubProcessors.Request) != 0)
        {
            _requestTotal = registry.NewCounter(ServiceGraphsMetricNames.RequestTotal);
            _requestFailedTotal = registry.NewCounter(ServiceGraphsMetricNames.RequestFailedTotal);
        }

        if ((subProcessors & ServiceGraphsSubProcessors.Latency) != 0)
        {
            var buckets = options.HistogramBuckets;
            _serverSeconds = registry.NewHistogram(ServiceGraphsMetricNames.RequestServerSeconds, buckets);
            _clientSeconds = registry.NewHistogram(ServiceGraphsMetricNames.RequestClientSeconds, buckets);
            if (options.EnableMessagingSystemLatencyHistogram)
            {
                _messagingSeconds = registry.NewHistogram(ServiceGraphsMetricNames.RequestMessagingSystemSeconds, buckets);
            }
        }

        if ((subProcessors & ServiceGraphsSubProcessors.ConnectionInfo) != 0)
        {
            _connectionInfo = registry.NewGauge(ServiceGraphsMetricNames.ConnectionInfo);
        }

        _invalidUtf8 = SelfMetrics.SpansDiscarded.WithLabels(tenant, DiscardReasons.InvalidUtf8, ProcessorNames.ServiceGraphs);
        _expiredByKind = new Prometheus.Counter.Child[(int)SpanKind.Consumer + 1];
        for (var kind = SpanKind.Unspecified; kind <= SpanKind.Consumer; kind++)
        {
            _expiredByKind[(int)kind] = ServiceGraphsSelfMetrics.ExpiredEdges.WithLabels(tenant, SpanEnumNames.Kind(kind));
        }
    }

    public void Emit(Edge edge)
    {
        if (!TryLabels(edge, out var labels))
        {
            _invalidUtf8.Inc();
            return;
        }

        var m = edge.SpanMultiplier;
        var time = edge.EventTimeUnixNano;
        if (_requestTotal is not null)
        {
            _requestTotal.Inc(labels, m, time);
            if (edge.Failed)
            {
                _requestFailedTotal!.Inc(labels, m, time);
            }
        }

        if (_serverSeconds is not null)
        {
            _serverSeconds.Observe(labels, edge.ServerLatencySeconds, m, edge.TraceId, time);
            _clientSeconds!.Observe(labels, edge.ClientLatencySeconds, m, edge.TraceId, time);

            // Time spent in the broker: consumer start − producer end; clock skew can make it ≤ 0, which is skipped.
            if (_messagingSeconds is not null && edge.ConnectionType == ConnectionType.MessagingSystem &&
                edge.ServerStartTimeUnixNano > edge.ClientEndTimeUnixNano)
            {
                _messagingSeconds.Observe(labels, (edge.ServerStartTimeUnixNano - edge.ClientEndTimeUnixNano) / 1e9, m, edge.TraceId, time);
            }
        }

        _connectionInfo?.Set(labels, 1, time);
    }

    /// <summary>
    /// An unpaired edge may still describe a real call to or from something that sends no spans: a root server span
    /// was called by a user (or by its peer attribute), a client span with a peer attribute called that peer. Both
    /// become virtual-node edges whose missing side observes 0 s. Anything else only counts as expired.
    /// </summary>
    public void OnExpire(Edge edge)
    {
        edge.ConnectionType = ConnectionType.VirtualNode;
        if (edge.ClientService.Length == 0)
        {
            if (edge.Key.IsRoot)
            {
                edge.ClientService = edge.PeerNode.Length != 0 ? edge.PeerNode : ServiceGraphsLabelNames.UnknownClient;
                SetVirtualNode(edge, ServiceGraphsLabelNames.VirtualNodeClient);
                Emit(edge);
                return;
            }
        }
        else if (edge.ServerService.Length == 0 && edge.PeerNode.Length != 0)
        {
            edge.ServerService = edge.PeerNode;
            SetVirtualNode(edge, ServiceGraphsLabelNames.VirtualNodeServer);
            Emit(edge);
            return;
        }

        var kind = (int)edge.SpanKind;
        if ((uint)kind < (uint)_expiredByKind.Length)
        {
            _expiredByKind[kind].Inc();
        }
        else
        {
            ServiceGraphsSelfMetrics.ExpiredEdges.WithLabels(_tenant, SpanEnumNames.Kind(edge.SpanKind)).Inc();
        }
    }

    /// <summary>The edge's label set, from the cache when its shape was seen before.</summary>
    internal bool TryLabels(Edge edge, out LabelSet labels)
    {
        FillValues(edge);
        return _labels.TryGet(out labels);
    }

    /// <summary>The same set built without the cache (parity tests); it borrows the builder until the next build.</summary>
    internal bool TryLabelsUncached(Edge edge, out LabelSet labels)
    {
        FillValues(edge);
        return _labels.TryBuildUncached(out labels);
    }

    private void FillValues(Edge edge)
    {
        var slots = _labels.Values;
        slots[0] = edge.ClientService;
        slots[1] = edge.ServerService;
        slots[2] = ConnectionTypeNames.ToLabelValue(edge.ConnectionType);

        // One canonical empty string for every absent value, so a repeated shape is the same references.
        var values = edge.Dimensions;
        var dimensions = slots[EdgeLabelCache.FixedSlots..];
        for (var i = 0; i < dimensions.Length; i++)
        {
            dimensions[i] = i < values.Length && values[i] is { Length: > 0 } value ? value : string.Empty;
        }
    }

    private void SetVirtualNode(Edge edge, string value)
    {
        var slot = _layout.VirtualNodeSlot;
        if (slot >= 0)
        {
            if (edge.Dimensions.Length != _layout.SlotCount)
            {
                var resized = new string?[_layout.SlotCount];
                edge.Dimensions.AsSpan(0, Math.Min(edge.Dimensions.Length, resized.Length)).CopyTo(resized);
                edge.Dimensions = resized;
            }

            edge.Dimensions[slot] = value;
        }
    }
}
