using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// Keys of the edge store: a 2-byte big-endian tenant length and the tenant's UTF-8 bytes, then either a segment
/// (<see cref="Segment"/>: a marker byte and an 8-byte big-endian sequence number; the value holds many edges, see
/// <see cref="EdgeSegmentCodec"/>) or, as releases before segments wrote them and restore still reads them, one edge:
/// the 25 bytes of <see cref="EdgeKey.WriteTo"/>. The two are told apart by length. The length prefix keeps one
/// tenant's keys from being a prefix of another's.
/// </summary>
public static class EdgeStateKeys
{
    /// <summary>The byte after the tenant that marks a segment key.</summary>
    public const byte SegmentMarker = 0x53;

    private const int SegmentSuffixLength = 1 + 8;

    public static byte[] Prefix(string tenant)
    {
        var length = Encoding.UTF8.GetByteCount(tenant);
        var prefix = new byte[2 + length];
        BinaryPrimitives.WriteUInt16BigEndian(prefix, checked((ushort)length));
        Encoding.UTF8.GetBytes(tenant, prefix.AsSpan(2));
        return prefix;
    }

    public static byte[] Key(byte[] prefix, in EdgeKey key)
    {
        var bytes = new byte[prefix.Length + EdgeKey.EncodedLength];
        prefix.CopyTo(bytes, 0);
        key.WriteTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }

    /// <summary>The key of segment <paramref name="sequence"/>.</summary>
    public static byte[] Segment(byte[] prefix, long sequence)
    {
        var bytes = new byte[prefix.Length + SegmentSuffixLength];
        prefix.CopyTo(bytes, 0);
        bytes[prefix.Length] = SegmentMarker;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(prefix.Length + 1), sequence);
        return bytes;
    }

    /// <summary>True when <paramref name="key"/> is a segment key under <paramref name="prefix"/>; gives its sequence number.</summary>
    public static bool IsSegment(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, out long sequence)
    {
        sequence = 0;
        if (key.Length != prefix.Length + SegmentSuffixLength || !key.StartsWith(prefix) || key[prefix.Length] != SegmentMarker)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadInt64BigEndian(key[(prefix.Length + 1)..]);
        return true;
    }

    /// <summary>The tenant of a stored key (an edge or a segment); false when the bytes are not a key of this layout.</summary>
    public static bool TryReadTenant(ReadOnlySpan<byte> key, out string tenant)
    {
        tenant = string.Empty;
        if (key.Length < 2)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(key);
        var isEdge = key.Length == 2 + length + EdgeKey.EncodedLength;
        var isSegment = key.Length == 2 + length + SegmentSuffixLength && key[2 + length] == SegmentMarker;
        if (!isEdge && !isSegment)
        {
            return false;
        }

        tenant = Encoding.UTF8.GetString(key.Slice(2, length));
        return true;
    }

    /// <summary>True when <paramref name="key"/> is a one-edge key under <paramref name="prefix"/>.</summary>
    public static bool HasPrefix(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix) =>
        key.Length == prefix.Length + EdgeKey.EncodedLength && key.StartsWith(prefix);
}
