using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public class ExemplarBucketsTests
{
    private const ulong Second = 1_000_000_000;

    // (0, 10s] in 1 s steps: 10 exemplars make 5 buckets of 2 s, 2 each.
    private static readonly QueryRange TenSeconds = new(0, 10 * Second, Second);

    [Fact]
    public void Each_bucket_takes_two_and_the_range_takes_the_limit()
    {
        var b = new ExemplarBuckets(10, TenSeconds);
        Assert.True(b.TryAdd(100));
        Assert.True(b.TryAdd(1_999));
        Assert.False(b.TryAdd(1_500));
        Assert.True(b.TryAdd(2_000));
        for (var ms = 2_001L; ms <= 10_000; ms += 10)
        {
            b.TryAdd(ms);
        }

        Assert.Equal(10, b.Count);
        Assert.True(b.IsFull);
        Assert.False(b.TryAdd(9_000));
    }

    [Fact]
    public void Timestamps_outside_the_range_are_refused()
    {
        var b = new ExemplarBuckets(10, new QueryRange(5 * Second, 10 * Second, Second));
        Assert.False(b.TryAdd(4_999));
        Assert.False(b.TryAdd(10_001));
        Assert.True(b.TryAdd(10_000));
    }

    [Fact]
    public void The_last_timestamp_falls_in_the_last_bucket()
    {
        // 3 buckets of 3333 ms over 10 s: 9999..10000 would be bucket 3 without clamping.
        var b = new ExemplarBuckets(6, TenSeconds);
        Assert.True(b.TryAdd(9_999));
        Assert.True(b.TryAdd(10_000));
        Assert.False(b.TryAdd(7_000));
    }

    // As in Tempo, an odd limit rounds the bucket count down: 3 make one bucket, which holds two.
    [Theory]
    [InlineData(1u, 1)]
    [InlineData(3u, 2)]
    [InlineData(0u, 0)]
    public void Few_exemplars_use_one_bucket(uint limit, int expected)
    {
        var b = new ExemplarBuckets(limit, TenSeconds);
        for (var ms = 0L; ms <= 10_000; ms += 100)
        {
            b.TryAdd(ms);
        }

        Assert.Equal(expected, b.Count);
    }

    [Fact]
    public void Instant_ranges_take_none()
    {
        var b = new ExemplarBuckets(100, new QueryRange(0, 10 * Second, 10 * Second));
        Assert.True(b.IsFull);
        Assert.False(b.TryAdd(5_000));
    }

    [Fact]
    public void Two_per_bucket_is_tempos_default() => Assert.Equal(2, TraceQLMetricsDefaults.ExemplarsPerBucket);
}
