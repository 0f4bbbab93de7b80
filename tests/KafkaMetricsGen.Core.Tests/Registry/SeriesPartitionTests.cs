namespace KafkaMetricsGen.Core.Registry;

public class SeriesPartitionTests
{
    [Theory]
    [InlineData(10, 4, new long[] { 3, 3, 2, 2 })]
    [InlineData(3, 4, new long[] { 1, 1, 1, 0 })]
    [InlineData(16, 16, new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 })]
    [InlineData(7, 1, new long[] { 7 })]
    public void The_shares_of_a_limit_add_up_to_the_limit(int limit, int partitions, long[] expected)
    {
        var shares = Enumerable.Range(0, partitions).Select(p => new SeriesPartition(p, partitions).ShareOf(limit)).ToArray();
        Assert.Equal(expected, shares);
        Assert.Equal(limit, shares.Sum());
    }

    [Fact]
    public void A_partition_outside_its_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesPartition(4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesPartition(0, 0));
    }
}
