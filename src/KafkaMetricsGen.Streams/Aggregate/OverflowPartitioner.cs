using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// Picks the partition of the overflow-deltas topic that holds a tenant's refused deltas: FNV-1a-32 over the tenant's
/// bytes, modulo the partition count. Every series partition sends a tenant's overflow to the same one, so one task
/// writes the tenant's overflow series.
/// </summary>
public static class OverflowPartitioner
{
    public static int PartitionOf(string tenant, int partitions)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(tenant))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }

    /// <summary>The record key: the partition number, which the topic's partitioner reads back.</summary>
    public static string KeyOf(string tenant, int partitions) => PartitionOf(tenant, partitions).ToString(CultureInfo.InvariantCulture);
}
