using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Telemetry;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Turns a completed edge into observations (spec §2.8) and decides what an expired edge becomes (spec §2.6).
/// Every observation is stamped with the edge's event time: the later end time of its spans, or for a database or
/// virtual-node edge the end time of the one span it has.
/// </summary>
internal sealed class EdgeEmitter : IEdgeExpiryHandler
{
    private readonly DimensionLayout _layout;
    private readonly LabelBuilder _labels;
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
        _labels = registry.NewLabelBuilder();
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
            _expiredByKind[(int)kind] = ServiceGraphsSelfMetrics.ExpiredEdges.WithLabels(tenant, ServiceGraphsSelfMetrics.SpanKindName(kind));
        }
    }

    public void Emit(Edge edge)
    {
        _labels.Clear();
        _labels.Add(ServiceGraphsLabelNames.Client, edge.ClientService);
        _labels.Add(ServiceGraphsLabelNames.Server, edge.ServerService);
        var connectionType = ConnectionTypeNames.ToLabelValue(edge.ConnectionType);
        if (connectionType.Length != 0)
        {
            _labels.Add(ServiceGraphsLabelNames.ConnectionType, connectionType);
        }

        var slotLabels = _layout.SlotLabels;
        var values = edge.Dimensions;
        for (var i = 0; i < slotLabels.Length && i < values.Length; i++)
        {
            if (values[i] is { Length: > 0 } value)
            {
                _labels.Add(slotLabels[i], value);
            }
        }

        if (!_labels.TryBuild(out var labels))
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
            ServiceGraphsSelfMetrics.ExpiredEdges.WithLabels(_tenant, ServiceGraphsSelfMetrics.SpanKindName(edge.SpanKind)).Inc();
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
