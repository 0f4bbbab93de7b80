using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// A pending or completed call between two services, filled in by its client and server spans. Plain data
/// so a persistent store can keep it across restarts (<see cref="EdgeCodec"/>). Complete when both services are known.
/// </summary>
public sealed class Edge
{
    public EdgeKey Key { get; set; }

    /// <summary>Unix seconds at or after which the edge expires (Tempo's one-second resolution).</summary>
    public long ExpirationUnixSeconds { get; set; }

    /// <summary>The exemplar trace id: set by client spans and root server spans.</summary>
    public TraceId TraceId { get; set; }

    public ConnectionType ConnectionType { get; set; }

    public string ClientService { get; set; } = string.Empty;

    public string ServerService { get; set; } = string.Empty;

    public double ClientLatencySeconds { get; set; }

    public double ServerLatencySeconds { get; set; }

    public ulong ClientEndTimeUnixNano { get; set; }

    public ulong ServerStartTimeUnixNano { get; set; }

    /// <summary>Either side had status ERROR.</summary>
    public bool Failed { get; set; }

    /// <summary>The kind of the span that updated the edge last (the <c>unmatched_span_kind</c> on expiry).</summary>
    public SpanKind SpanKind { get; set; }

    /// <summary>The first peer attribute found on a span of the edge, the last one found winning.</summary>
    public string PeerNode { get; set; } = string.Empty;

    /// <summary>Sampling extrapolation factor of the side that updated last.</summary>
    public double SpanMultiplier { get; set; } = 1;

    /// <summary>The latest end time of the spans seen so far: the event time of every observation the edge makes.</summary>
    public ulong EventTimeUnixNano { get; set; }

    /// <summary>Dimension values by slot (the processor fixes the slots and their label names); null or empty is absent.</summary>
    public string?[] Dimensions { get; set; } = [];

    /// <summary>The order in which <see cref="InMemoryEdgeStore"/> added the edge (1, 2, …); not part of its state.</summary>
    public long Sequence { get; internal set; }

    // Intrusive FIFO links, used only by InMemoryEdgeStore.
    internal Edge? Previous { get; set; }

    internal Edge? Next { get; set; }

    public bool IsComplete => ClientService.Length != 0 && ServerService.Length != 0;

    /// <summary>Tempo's notion of which side an incomplete edge holds: the server side once a server service is set.</summary>
    public EdgeSide HeldSide => ServerService.Length != 0 ? EdgeSide.Server : EdgeSide.Client;

    /// <summary>Clears every field for reuse, keeping the dimension array.</summary>
    public void Reset(in EdgeKey key, long expirationUnixSeconds)
    {
        Key = key;
        ExpirationUnixSeconds = expirationUnixSeconds;
        TraceId = default;
        ConnectionType = ConnectionType.None;
        ClientService = string.Empty;
        ServerService = string.Empty;
        ClientLatencySeconds = 0;
        ServerLatencySeconds = 0;
        ClientEndTimeUnixNano = 0;
        ServerStartTimeUnixNano = 0;
        Failed = false;
        SpanKind = SpanKind.Unspecified;
        PeerNode = string.Empty;
        SpanMultiplier = 1;
        EventTimeUnixNano = 0;
        Array.Clear(Dimensions);
        Previous = null;
        Next = null;
    }
}
