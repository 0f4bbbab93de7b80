using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public class ExemplarCombinerTests
{
    private const ulong Second = 1_000_000_000;
    private static readonly QueryRange Range = new(0, 4 * Second, Second);

    private static MetricsExemplar At(long ms, double value = double.NaN, string trace = "a") =>
        new([new SeriesLabel(TraceQLKeywords.TraceIdLabel, StaticValue.OfString(trace))], value, ms);

    [Fact]
    public void Placeholders_take_the_sample_value_of_their_interval_and_sort_by_time()
    {
        var s = new MetricsSeries([], [5, 7, double.NaN, 1]);
        s.Exemplars.AddRange([At(3_500), At(1_500), At(500, 0.25)]);
        ExemplarCombiner.Attach(s, Range);
        Assert.Equal([500L, 1_500, 3_500], s.Exemplars.Select(e => e.TimestampMs));
        Assert.Equal([0.25, 7, 1], s.Exemplars.Select(e => e.Value));
    }

    [Fact]
    public void Exemplars_in_intervals_without_a_sample_are_dropped()
    {
        var s = new MetricsSeries([], [5, 7, double.NaN, 1]);
        s.Exemplars.AddRange([At(2_500), At(0), At(4_001), At(3_000)]);
        ExemplarCombiner.Attach(s, Range);

        // 3000 ms is the end of interval 2 (right-closed), which topk emptied; 0 and 4001 are outside the range.
        Assert.Empty(s.Exemplars);
    }

    [Fact]
    public void The_cap_is_shared_by_all_series_and_taken_in_turns()
    {
        var a = new MetricsSeries([], [1, 1, 1, 1]);
        var b = new MetricsSeries([], [1, 1, 1, 1]);
        a.Exemplars.AddRange([At(100, 1, "a1"), At(200, 1, "a2"), At(300, 1, "a3")]);
        b.Exemplars.AddRange([At(150, 1, "b1"), At(250, 1, "b2")]);

        // Two exemplars make one bucket of two: the oldest of each series.
        ExemplarCombiner.Cap([a, b], 2, Range);
        Assert.Equal([100L], a.Exemplars.Select(e => e.TimestampMs));
        Assert.Equal([150L], b.Exemplars.Select(e => e.TimestampMs));
    }

    [Fact]
    public void Each_time_bucket_starts_with_another_series()
    {
        // Four exemplars over 4 s: two buckets of 2 s. Bucket 0 starts with a, bucket 1 with b.
        MetricsSeries[] all = [new([], [1, 1, 1, 1]), new([], [1, 1, 1, 1]), new([], [1, 1, 1, 1])];
        foreach (var s in all)
        {
            s.Exemplars.AddRange([At(100, 1), At(200, 1), At(2_100, 1), At(2_200, 1)]);
        }

        ExemplarCombiner.Cap(all, 4, Range);
        Assert.Equal([100L], all[0].Exemplars.Select(e => e.TimestampMs));
        Assert.Equal([100L, 2_100], all[1].Exemplars.Select(e => e.TimestampMs));
        Assert.Equal([2_100L], all[2].Exemplars.Select(e => e.TimestampMs));
    }

    [Fact]
    public void A_zero_cap_removes_every_exemplar()
    {
        var a = new MetricsSeries([], [1, 1, 1, 1]);
        a.Exemplars.Add(At(100, 1));
        ExemplarCombiner.Cap([a], 0, Range);
        Assert.Empty(a.Exemplars);
    }

    [Theory]
    [InlineData(0.1, 0)]
    [InlineData(0.9, 1)]
    [InlineData(double.NaN, -1)]
    public void An_exemplar_goes_to_the_nearest_quantile(double value, int expected) =>
        Assert.Equal(expected, ExemplarCombiner.NearestQuantile(value, [0.2, 0.8]));
}
