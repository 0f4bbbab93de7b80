using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Where the two spans of a call meet: the trace id plus the client's span id, which is the server span's
/// parent id. A server span without a parent gets the root key (empty span id), which no client span can match and
/// which expires into a <c>user</c> (or peer) virtual client. The key does not include the side.
/// </summary>
public readonly record struct EdgeKey(TraceId TraceId, SpanId SpanId)
{
    /// <summary>The key a root SERVER/CONSUMER span (no parent) uses.</summary>
    public bool IsRoot => SpanId.IsEmpty;

    /// <summary>Bytes of <see cref="WriteTo"/>: trace id, span id, root flag.</summary>
    public const int EncodedLength = 25;

    /// <summary>Fixed-width big-endian form, so a key-value store orders and compares keys bytewise.</summary>
    public void WriteTo(Span<byte> destination)
    {
        TraceId.WriteTo(destination);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[16..], SpanId.Value);
        destination[24] = IsRoot ? (byte)1 : (byte)0;
    }

    public static EdgeKey Read(ReadOnlySpan<byte> source)
    {
        TraceId.TryRead(source[..16], out var trace);
        return new EdgeKey(trace, new SpanId(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(source[16..24])));
    }
}
