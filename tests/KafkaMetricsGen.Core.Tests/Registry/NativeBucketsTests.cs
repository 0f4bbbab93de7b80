namespace KafkaMetricsGen.Core.Registry;

public class NativeBucketsTests
{
    [Theory]
    [InlineData(1.1, 3)]
    [InlineData(1.5, 1)]
    [InlineData(2, 0)]
    [InlineData(1.0001, 8)]
    [InlineData(1e9, -4)]
    public void The_schema_is_the_finest_whose_growth_is_within_the_factor(double factor, int schema) =>
        Assert.Equal(schema, NativeBuckets.SchemaFromFactor(factor));

    [Theory]
    [InlineData(1.0, 3, 0)]
    [InlineData(2.0, 3, 8)]
    [InlineData(1.5, 3, 5)]
    [InlineData(0.5, 3, -8)]
    [InlineData(1.0, 0, 0)]
    [InlineData(3.0, 0, 2)]
    [InlineData(4.0, 0, 2)]
    [InlineData(5.0, -1, 2)]
    public void A_value_on_an_upper_bound_lands_in_that_bucket(double value, int schema, int index) =>
        Assert.Equal(index, NativeBuckets.Index(value, schema));

    [Fact]
    public void Reducing_the_schema_merges_pairs_of_buckets()
    {
        Assert.Equal(1, NativeBuckets.Reduce(1, 1, 0));
        Assert.Equal(1, NativeBuckets.Reduce(2, 1, 0));
        Assert.Equal(0, NativeBuckets.Reduce(0, 1, 0));
        Assert.Equal(0, NativeBuckets.Reduce(-1, 1, 0));
        // Every value's index at the coarser schema equals the reduced finer index.
        foreach (var v in new[] { 0.001, 0.0123, 0.5, 0.77, 1, 1.3, 2, 9.9, 100 })
        {
            Assert.Equal(NativeBuckets.Index(v, 1), NativeBuckets.Reduce(NativeBuckets.Index(v, 3), 3, 1));
        }
    }

    [Fact]
    public void Counts_become_spans_with_gaps_and_delta_encoded_counts()
    {
        var c = new NativeBucketCounts(3);
        c.Add(5, 2);
        c.Add(6, 3);
        c.Add(9, 1);
        c.Add(2, 4);
        var spans = new List<(int, uint)>();
        var deltas = new List<long>();
        c.ToSpans(spans, deltas);
        Assert.Equal([(2, 1u), (2, 2u), (2, 1u)], spans);
        Assert.Equal([4L, -2, 1, -2], deltas);
        Assert.Equal(4, c.PopulatedCount);
    }
}
