using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Writes one span's side into its edge (spec §2.4, §2.5, §2.7). Client and producer spans fill the client half and may
/// turn the edge into a database call that completes at once; server and consumer spans fill the server half.
/// Everything configurable was turned into byte keys and slots in the constructor.
/// </summary>
internal sealed class EdgeWriter
{
    private static readonly byte[] PeerService = "peer.service"u8.ToArray();
    private static readonly byte[] ServerAddress = "server.address"u8.ToArray();
    private static readonly byte[] NetworkPeerAddress = "network.peer.address"u8.ToArray();
    private static readonly byte[] NetworkPeerPort = "network.peer.port"u8.ToArray();

    private readonly DimensionLayout _layout;
    private readonly byte[][] _peerKeys;
    private readonly byte[][] _databaseKeys;

    public EdgeWriter(ServiceGraphsOptions options, DimensionLayout layout)
    {
        _layout = layout;
        _peerKeys = ToUtf8(options.PeerAttributes);
        _databaseKeys = ToUtf8(options.DatabaseNameAttributes);
    }

    public void Apply(Edge edge, EdgeSide side, SpanBatch batch, int resourceIndex, in SpanRef span, string service, double multiplier)
    {
        if (edge.Dimensions.Length != _layout.SlotCount)
        {
            edge.Dimensions = new string?[_layout.SlotCount];
        }

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
        WriteDimensions(edge, side, batch, resourceIndex, span);
        edge.SpanMultiplier = multiplier;
        WritePeerNode(edge, batch, span);
        if (side == EdgeSide.Client)
        {
            DetectDatabase(edge, batch, resourceIndex, span, duration);
        }

        // The edge's event time is the later end of its spans, so a pair observes at the time the call was known complete.
        if (span.EndTimeUnixNano > edge.EventTimeUnixNano)
        {
            edge.EventTimeUnixNano = span.EndTimeUnixNano;
        }
    }

    private void WriteDimensions(Edge edge, EdgeSide side, SpanBatch batch, int resourceIndex, in SpanRef span)
    {
        var keys = _layout.LookupKeys;
        var slots = side == EdgeSide.Client ? _layout.ClientSlots : _layout.ServerSlots;
        for (var i = 0; i < keys.Length; i++)
        {
            if (TryFindResourceFirst(batch, resourceIndex, span, keys[i], out var attribute))
            {
                edge.Dimensions[slots[i]] = AttributeText.ToLabelValue(batch, attribute);
            }
        }
    }

    private void WritePeerNode(Edge edge, SpanBatch batch, in SpanRef span)
    {
        var attributes = batch.SpanAttributes(span);
        foreach (var key in _peerKeys)
        {
            if (batch.TryFind(attributes, key, out var attribute))
            {
                edge.PeerNode = AttributeText.ToLabelValue(batch, attribute);
                return;
            }
        }
    }

    /// <summary>
    /// A client span with a database-name attribute is a database call with no server span to wait for: the server
    /// node comes from the first present of peer.service, server.address, network.peer.address(:port), else the
    /// database name, and the server latency copies the client's.
    /// </summary>
    private void DetectDatabase(Edge edge, SpanBatch batch, int resourceIndex, in SpanRef span, double duration)
    {
        var found = false;
        var databaseName = string.Empty;
        foreach (var key in _databaseKeys)
        {
            if (TryFindResourceFirst(batch, resourceIndex, span, key, out var attribute))
            {
                databaseName = AttributeText.ToLabelValue(batch, attribute);
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
        if (TryFindResourceFirst(batch, resourceIndex, span, PeerService, out var node) ||
            TryFindResourceFirst(batch, resourceIndex, span, ServerAddress, out node))
        {
            // A present but empty value leaves the edge incomplete; it may become a virtual node later (Tempo's quirk).
            edge.ServerService = AttributeText.ToLabelValue(batch, node);
            return;
        }

        if (TryFindResourceFirst(batch, resourceIndex, span, NetworkPeerAddress, out node))
        {
            var host = AttributeText.ToLabelValue(batch, node);
            edge.ServerService = TryFindResourceFirst(batch, resourceIndex, span, NetworkPeerPort, out var port)
                ? host + ":" + AttributeText.ToLabelValue(batch, port)
                : host;
            return;
        }

        if (databaseName.Length != 0)
        {
            edge.ServerService = databaseName;
        }
    }

    private static bool TryFindResourceFirst(SpanBatch batch, int resourceIndex, in SpanRef span, byte[] key, out AttributeRef attribute) =>
        batch.TryFind(batch.ResourceAttributes(resourceIndex), key, out attribute) || batch.TryFind(batch.SpanAttributes(span), key, out attribute);

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
