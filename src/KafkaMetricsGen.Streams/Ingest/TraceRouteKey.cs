using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The key of a sub-batch on the spans-by-trace topic: <c>tenant UTF-8 | 0x00 | bucket:i32 BE</c>. The bucket is the
/// target partition, so the sink partitioner reads it back instead of hashing, and one key maps to one partition.
/// </summary>
public static class TraceRouteKey
{
    private const int SuffixSize = 1 + 4;

    /// <summary>The trace's bucket among <paramref name="partitions"/>; ids are random, so folding the halves spreads well.</summary>
    public static int Bucket(in TraceId traceId, int partitions)
    {
        var h = traceId.High ^ traceId.Low;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        return (int)(h % (ulong)partitions);
    }

    public static byte[] Encode(string tenant, int bucket)
    {
        var tenantLength = Encoding.UTF8.GetByteCount(tenant);
        var key = new byte[tenantLength + SuffixSize];
        Encoding.UTF8.GetBytes(tenant, key);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(tenantLength + 1), bucket);
        return key;
    }

    /// <summary>The bucket of a key, or -1 when the key is not a route key.</summary>
    public static int ReadBucket(ReadOnlySpan<byte> key) =>
        key.Length < SuffixSize || key[^SuffixSize] != 0 ? -1 : BinaryPrimitives.ReadInt32BigEndian(key[^4..]);

    public static string ReadTenant(ReadOnlySpan<byte> key) =>
        key.Length < SuffixSize ? string.Empty : Encoding.UTF8.GetString(key[..^SuffixSize]);
}
