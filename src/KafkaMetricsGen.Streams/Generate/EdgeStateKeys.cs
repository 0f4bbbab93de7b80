using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// Keys of the edge store: a 2-byte big-endian tenant length, the tenant's UTF-8 bytes, then the 25 bytes of
/// <see cref="EdgeKey.WriteTo"/>. The length prefix keeps one tenant's keys from being a prefix of another's.
/// </summary>
public static class EdgeStateKeys
{
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

    /// <summary>The tenant of a stored key; false when the bytes are not a key of this layout.</summary>
    public static bool TryReadTenant(ReadOnlySpan<byte> key, out string tenant)
    {
        tenant = string.Empty;
        if (key.Length < 2)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(key);
        if (key.Length != 2 + length + EdgeKey.EncodedLength)
        {
            return false;
        }

        tenant = Encoding.UTF8.GetString(key.Slice(2, length));
        return true;
    }

    public static bool HasPrefix(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix) =>
        key.Length == prefix.Length + EdgeKey.EncodedLength && key.StartsWith(prefix);
}
