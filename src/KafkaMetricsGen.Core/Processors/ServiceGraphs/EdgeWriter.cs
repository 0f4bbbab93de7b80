using System.Text;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Writes one span's side into its edge. Client and producer spans fill the client half and may
/// turn the edge into a database call that completes at once; server and consumer spans fill the server half.
/// Everything configurable was turned into key ids and slots in the constructor; each resource and each span is
/// scanned once for all keys (<see cref="AttributeKeyIndex"/>).
/// </summary>
internal sealed class EdgeWriter
{
    private static readonly byte[] PeerService = "peer.service"u8.ToArray();
    private static readonly byte[] ServerAddress = "server.address"u8.ToArray();
    private static readonly byte[] NetworkPeerAddress = "network.peer.address"u8.ToArray();
    private static readonly byte[] NetworkPeerPort = "network.peer.port"u8.ToArray();

    private readonly DimensionLayout _layout;
    private readonly AttributeKeyIndex _index = new();
    private readonly HostPortNames _hostPorts = new();
    private readonly int[] _dimensionIds;
    private readonly int[] _peerIds;
    private readonly int[] _databaseIds;
    private readonly int _peerServiceId;
    private readonly int _serverAddressId;
    private readonly int _networkPeerAddressId;
    private readonly int _networkPeerPortId;

    // The first attribute of each key on the current resource and on the current span.
    private readonly AttributeRef[] _resourceFirst;
    private readonly bool[] _resourceFound;
    private readonly AttributeRef[] _spanFirst;
    private readonly bool[] _spanFound;
    private SpanBatch? _preparedBatch;
    private int _preparedResource = -1;

    public EdgeWriter(ServiceGraphsOptions options, DimensionLayout layout)
    {
        _layout = layout;
        _dimensionIds = AddAll(_index, layout.LookupKeys);
        _peerIds = AddAll(_index, ToUtf8(options.PeerAttributes));
        _databaseIds = AddAll(_index, ToUtf8(options.DatabaseNameAttributes));
        _peerServiceId = _index.Add(PeerService);
        _serverAddressId = _index.Add(ServerAddress);
        _networkPeerAddressId = _index.Add(NetworkPeerAddress);
        _networkPeerPortId = _index.Add(NetworkPeerPort);
        _resourceFirst = new AttributeRef[_index.KeyCount];
        _resourceFound = new bool[_index.KeyCount];
        _spanFirst = new AttributeRef[_index.KeyCount];
        _spanFound = new bool[_index.KeyCount];
    }

    /// <summary>Every attribute key the writer reads, on a span or its resource (UTF-8).</summary>
    public IReadOnlyList<byte[]> Keys => _index.Keys;

    /// <summary>
    /// Called before the spans of each resource: the resource's keys are looked up once, at its first span that
    /// reaches an edge, and shared by the rest. Forgetting here means a batch object reused for new data is never read
    /// through stale lookups.
    /// </summary>
    public void StartResource()
    {
        _preparedBatch = null;
        _preparedResource = -1;
    }

    public void Apply(Edge edge, EdgeSide side, SpanBatch batch, int resourceIndex, in SpanRef span, string service, double multiplier)
    {
        if (edge.Dimensions.Length != _layout.SlotCount)
        {
            edge.Dimensions = new string?[_layout.SlotCount];
        }

        if (!ReferenceEquals(batch, _preparedBatch) || resourceIndex != _preparedResource)
        {
            _index.Scan(batch, batch.ResourceAttributes(resourceIndex), _resourceFirst, _resourceFound);
            _preparedBatch = batch;
            _preparedResource = resourceIndex;
        }

        _index.Scan(batch, batch.SpanAttributes(span), _spanFirst, _spanFound);
        edge.SpanKind = span.Kind;
        var duration = span.DurationSeconds;
        if (side == EdgeSide.Client)
        {
            edge.TraceId = span.TraceId;
            edge.ConnectionType = span.Kind == SpanKind.Producer ? ConnectionType.MessagingSystem : ConnectionType.None;
            edge.ClientService = service;
            edge.ClientLatencySeconds = duration;
            edge.ClientEndTimeUnixNano = span.EndTimeUnixNano;
        }
        else
        {
            // Only a root server span names the trace: a non-root one always waits for a client that does.
            if (span.ParentSpanId.IsEmpty)
            {
                edge.TraceId = span.TraceId;
            }

            edge.ConnectionType = span.Kind == SpanKind.Consumer ? ConnectionType.MessagingSystem : ConnectionType.None;
            edge.ServerService = service;
            edge.ServerLatencySeconds = duration;
            edge.ServerStartTimeUnixNano = span.StartTimeUnixNano;
        }

        edge.Failed |= span.StatusCode == StatusCode.Error;
        WriteDimensions(edge, side, batch);
        edge.SpanMultiplier = multiplier;
        WritePeerNode(edge, batch);
        if (side == EdgeSide.Client)
        {
            DetectDatabase(edge, batch, duration);
        }

        // The edge's event time is the later end of its spans, so a pair observes at the time the call was known complete.
        if (span.EndTimeUnixNano > edge.EventTimeUnixNano)
        {
            edge.EventTimeUnixNano = span.EndTimeUnixNano;
        }
    }

    private void WriteDimensions(Edge edge, EdgeSide side, SpanBatch batch)
    {
        var slots = side == EdgeSide.Client ? _layout.ClientSlots : _layout.ServerSlots;
        for (var i = 0; i < _dimensionIds.Length; i++)
        {
            if (TryFindResourceFirst(_dimensionIds[i], out var attribute))
            {
                edge.Dimensions[slots[i]] = LabelValues.Text(batch, attribute);
            }
        }
    }

    private void WritePeerNode(Edge edge, SpanBatch batch)
    {
        foreach (var id in _peerIds)
        {
            if (_spanFound[id])
            {
                edge.PeerNode = LabelValues.Text(batch, _spanFirst[id]);
                return;
            }
        }
    }

    /// <summary>
    /// A client span with a database-name attribute is a database call with no server span to wait for: the server
    /// node comes from the first present of peer.service, server.address, network.peer.address(:port), else the
    /// database name, and the server latency copies the client's.
    /// </summary>
    private void DetectDatabase(Edge edge, SpanBatch batch, double duration)
    {
        var found = false;
        var databaseName = string.Empty;
        foreach (var id in _databaseIds)
        {
            if (TryFindResourceFirst(id, out var attribute))
            {
                databaseName = LabelValues.Text(batch, attribute);
                found = true;
                break;
            }
        }

        if (!found)
        {
            return;
        }

        edge.ConnectionType = ConnectionType.Database;
        edge.ServerLatencySeconds = duration;
        if (TryFindResourceFirst(_peerServiceId, out var node) || TryFindResourceFirst(_serverAddressId, out node))
        {
            // A present but empty value leaves the edge incomplete; it may become a virtual node later (Tempo's quirk).
            edge.ServerService = LabelValues.Text(batch, node);
            return;
        }

        if (TryFindResourceFirst(_networkPeerAddressId, out node))
        {
            var host = LabelValues.Text(batch, node);
            edge.ServerService = TryFindResourceFirst(_networkPeerPortId, out var port) ? _hostPorts.Join(batch, host, port) : host;
            return;
        }

        if (databaseName.Length != 0)
        {
            edge.ServerService = databaseName;
        }
    }

    /// <summary>The resource's attribute when it has the key, else the span's (Tempo's order for these lookups).</summary>
    private bool TryFindResourceFirst(int id, out AttributeRef attribute)
    {
        if (_resourceFound[id])
        {
            attribute = _resourceFirst[id];
            return true;
        }

        attribute = _spanFirst[id];
        return _spanFound[id];
    }

    private static int[] AddAll(AttributeKeyIndex index, byte[][] keys)
    {
        var ids = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            ids[i] = index.Add(keys[i]);
        }

        return ids;
    }

    private static byte[][] ToUtf8(List<string> names)
    {
        var keys = new byte[names.Count][];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Encoding.UTF8.GetBytes(names[i]);
        }

        return keys;
    }
}
