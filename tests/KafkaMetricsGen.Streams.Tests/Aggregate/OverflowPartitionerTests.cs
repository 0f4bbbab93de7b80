namespace KafkaMetricsGen.Streams.Aggregate;

public sealed class OverflowPartitionerTests
{
    [Fact]
    public void Every_series_partition_sends_a_tenants_overflow_to_the_same_partition()
    {
        Assert.Equal(OverflowPartitioner.PartitionOf("tenant-a", 16), OverflowPartitioner.PartitionOf("tenant-a", 16));
        Assert.Equal(OverflowPartitioner.PartitionOf("tenant-a", 16).ToString(System.Globalization.CultureInfo.InvariantCulture), OverflowPartitioner.KeyOf("tenant-a", 16));
    }

    [Fact]
    public void Tenants_spread_over_the_partitions_and_stay_in_range()
    {
        var used = new HashSet<int>();
        for (var t = 0; t < 200; t++)
        {
            var partition = OverflowPartitioner.PartitionOf("tenant-" + t, 8);
            Assert.InRange(partition, 0, 7);
            used.Add(partition);
        }

        Assert.Equal(8, used.Count);
        Assert.Equal(0, OverflowPartitioner.PartitionOf("any", 1));
    }
}
