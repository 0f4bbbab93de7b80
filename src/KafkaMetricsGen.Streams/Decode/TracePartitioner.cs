using System.Buffers.Binary;
using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// Picks the trace partition of a span the way Tempo's distributor picks its ring token: FNV-1a-32 over the tenant's
/// bytes followed by the trace id's 16 bytes, modulo the partition count. Every span of a trace lands in one task.
/// </summary>
public static class TracePartitioner
{
    public static uint TenantSeed(string tenant)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(tenant))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    public static int PartitionOf(uint tenantSeed, TraceId traceId, int partitions)
    {
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(id, traceId.High);
        BinaryPrimitives.WriteUInt64BigEndian(id[8..], traceId.Low);
        var hash = tenantSeed;
        foreach (var b in id)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }
}
