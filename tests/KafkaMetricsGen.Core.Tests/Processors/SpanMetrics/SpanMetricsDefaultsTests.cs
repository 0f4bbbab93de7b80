namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

public class SpanMetricsDefaultsTests
{
    [Fact]
    public void Pins_the_default_latency_buckets_to_tempo_exponential_buckets()
    {
        Assert.Equal(
            [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384],
            SpanMetricsDefaults.HistogramBuckets());
        Assert.Equal(SpanMetricsDefaults.HistogramBuckets(), new SpanMetricsOptions().HistogramBuckets);
    }

    [Fact]
    public void Pins_every_option_default()
    {
        var options = new SpanMetricsOptions();
        Assert.True(options.IntrinsicEnabled("service"));
        Assert.True(options.IntrinsicEnabled("span_name"));
        Assert.True(options.IntrinsicEnabled("span_kind"));
        Assert.True(options.IntrinsicEnabled("status_code"));
        Assert.False(options.IntrinsicEnabled("status_message"));
        Assert.Empty(options.Dimensions);
        Assert.Empty(options.DimensionMappings);
        Assert.False(options.EnableTargetInfo);
        Assert.Empty(options.TargetInfoExcludedDimensions);
        Assert.True(options.EnableInstanceLabel);
        Assert.Equal(string.Empty, options.SpanMultiplierKey);
        Assert.False(options.EnableTraceStateSpanMultiplier);
        Assert.Empty(options.FilterPolicies);
        Assert.Equal(string.Empty, new DimensionMappingOptions().Join);
    }

    [Fact]
    public void Pins_the_wire_names()
    {
        Assert.Equal("traces_spanmetrics_calls_total", SpanMetricsMetricNames.Calls);
        Assert.Equal("traces_spanmetrics_latency", SpanMetricsMetricNames.Latency);
        Assert.Equal("traces_spanmetrics_size_total", SpanMetricsMetricNames.Size);
        Assert.Equal("traces_target_info", SpanMetricsMetricNames.TargetInfo);
    }
}
