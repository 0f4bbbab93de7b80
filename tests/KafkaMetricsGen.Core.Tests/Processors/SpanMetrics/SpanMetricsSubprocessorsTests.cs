namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

public class SpanMetricsSubprocessorsTests
{
    [Fact]
    public void Enables_everything_for_the_bare_name_ignoring_sub_names()
    {
        Assert.Equal(SpanMetricsSubprocessor.All, SpanMetricsSubprocessors.Parse(["span-metrics-count", "span-metrics"]));
        Assert.False(SpanMetricsSubprocessors.ResetsHistogramBuckets(["span-metrics-latency", "span-metrics"]));
    }

    [Fact]
    public void Enables_only_the_listed_sub_processors()
    {
        Assert.Equal(SpanMetricsSubprocessor.Count | SpanMetricsSubprocessor.Size, SpanMetricsSubprocessors.Parse(["span-metrics-size", "service-graphs", "span-metrics-count"]));
        Assert.Equal(SpanMetricsSubprocessor.None, SpanMetricsSubprocessors.Parse(["service-graphs"]));
    }

    [Fact]
    public void Resets_the_buckets_when_latency_is_listed_by_sub_name()
    {
        Assert.True(SpanMetricsSubprocessors.ResetsHistogramBuckets(["span-metrics-latency"]));
        Assert.False(SpanMetricsSubprocessors.ResetsHistogramBuckets(["span-metrics-count"]));
    }
}
