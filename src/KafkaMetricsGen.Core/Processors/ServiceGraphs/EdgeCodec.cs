using System.Buffers;
using System.Buffers.Binary;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Binary form of an <see cref="Edge"/> for persistent edge stores (a state store with a changelog), so pending
/// edges survive a restart. Layout (little-endian, version 1): version byte, key (25 bytes, <see cref="EdgeKey.WriteTo"/>),
/// expiration, trace id, connection type, span kind, failed, latencies, times, multiplier, event time, then the
/// client, server and peer strings and the dimension slots, each string as a varint length + UTF-8. Strings keep the
/// bytes of invalid UTF-8 (see <see cref="Utf8Text"/>), so a restored edge is rejected exactly as the original would be.
/// </summary>
public static class EdgeCodec
{
    public const byte Version = 1;

    private const int FixedLength = 1 + EdgeKey.EncodedLength + 8 + 16 + 1 + 4 + 1 + (8 * 7);

    public static byte[] ToArray(Edge edge)
    {
        var writer = new ArrayBufferWriter<byte>(128);
        Write(edge, writer);
        return writer.WrittenSpan.ToArray();
    }

    public static void Write(Edge edge, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(FixedLength);
        span[0] = Version;
        edge.Key.WriteTo(span[1..]);
        var p = 1 + EdgeKey.EncodedLength;
        BinaryPrimitives.WriteInt64LittleEndian(span[p..], edge.ExpirationUnixSeconds);
        edge.TraceId.WriteTo(span[(p + 8)..]);
        p += 24;
        span[p++] = (byte)edge.ConnectionType;
        BinaryPrimitives.WriteInt32LittleEndian(span[p..], (int)edge.SpanKind);
        p += 4;
        span[p++] = edge.Failed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteDoubleLittleEndian(span[p..], edge.ClientLatencySeconds);
        BinaryPrimitives.WriteDoubleLittleEndian(span[(p + 8)..], edge.ServerLatencySeconds);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(p + 16)..], edge.ClientEndTimeUnixNano);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(p + 24)..], edge.ServerStartTimeUnixNano);
        BinaryPrimitives.WriteDoubleLittleEndian(span[(p + 32)..], edge.SpanMultiplier);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(p + 40)..], edge.EventTimeUnixNano);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(p + 48)..], 0); // reserved
        writer.Advance(FixedLength);

        WriteString(writer, edge.ClientService);
        WriteString(writer, edge.ServerService);
        WriteString(writer, edge.PeerNode);
        WriteVarint(writer, (uint)edge.Dimensions.Length);
        foreach (var value in edge.Dimensions)
        {
            WriteString(writer, value ?? string.Empty);
        }
    }

    /// <summary>Reads an edge written by <see cref="Write"/>; false when the bytes are not one (unknown version, truncated).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out Edge edge)
    {
        edge = new Edge();
        if (source.Length < FixedLength || source[0] != Version)
        {
            return false;
        }

        var key = EdgeKey.Read(source[1..]);
        var p = 1 + EdgeKey.EncodedLength;
        var expiration = BinaryPrimitives.ReadInt64LittleEndian(source[p..]);
        TraceId.TryRead(source.Slice(p + 8, 16), out var traceId);
        p += 24;
        edge.Reset(key, expiration);
        edge.TraceId = traceId;
        edge.ConnectionType = (ConnectionType)source[p++];
        edge.SpanKind = (SpanKind)BinaryPrimitives.ReadInt32LittleEndian(source[p..]);
        p += 4;
        edge.Failed = source[p++] != 0;
        edge.ClientLatencySeconds = BinaryPrimitives.ReadDoubleLittleEndian(source[p..]);
        edge.ServerLatencySeconds = BinaryPrimitives.ReadDoubleLittleEndian(source[(p + 8)..]);
        edge.ClientEndTimeUnixNano = BinaryPrimitives.ReadUInt64LittleEndian(source[(p + 16)..]);
        edge.ServerStartTimeUnixNano = BinaryPrimitives.ReadUInt64LittleEndian(source[(p + 24)..]);
        edge.SpanMultiplier = BinaryPrimitives.ReadDoubleLittleEndian(source[(p + 32)..]);
        edge.EventTimeUnixNano = BinaryPrimitives.ReadUInt64LittleEndian(source[(p + 40)..]);
        var rest = source[FixedLength..];

        if (!TryReadString(ref rest, out var client) || !TryReadString(ref rest, out var server) ||
            !TryReadString(ref rest, out var peer) || !TryReadVarint(ref rest, out var count) || count > rest.Length)
        {
            return false;
        }

        edge.ClientService = client;
        edge.ServerService = server;
        edge.PeerNode = peer;
        var dimensions = new string?[count];
        for (var i = 0; i < dimensions.Length; i++)
        {
            if (!TryReadString(ref rest, out var value))
            {
                return false;
            }

            dimensions[i] = value.Length == 0 ? null : value;
        }

        edge.Dimensions = dimensions;
        return rest.IsEmpty;
    }

    private static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var length = Utf8Text.ByteCount(value);
        WriteVarint(writer, (uint)length);
        if (length > 0)
        {
            Utf8Text.Encode(value, writer.GetSpan(length));
            writer.Advance(length);
        }
    }

    private static void WriteVarint(IBufferWriter<byte> writer, uint value)
    {
        var span = writer.GetSpan(5);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        writer.Advance(n);
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> source, out string value)
    {
        value = string.Empty;
        if (!TryReadVarint(ref source, out var length) || length > source.Length)
        {
            return false;
        }

        value = Utf8Text.Decode(source[..(int)length]);
        source = source[(int)length..];
        return true;
    }

    private static bool TryReadVarint(ref ReadOnlySpan<byte> source, out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35 && !source.IsEmpty; shift += 7)
        {
            var b = source[0];
            source = source[1..];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
