using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Core.Exposition;

public class PrometheusTextAppenderTests
{
    [Fact]
    public void Writes_type_lines_and_sorted_series_with_their_last_values()
    {
        var appender = new PrometheusTextAppender(includeTimestamps: true);
        appender.AppendSample(TestLabels.Of("__name__", "calls_total", "service", "b"), 15_000, 1);
        appender.AppendSample(TestLabels.Of("__name__", "calls_total", "service", "a"), 15_000, 2);
        appender.AppendSample(TestLabels.Of("__name__", "target_info", "job", "x"), 15_000, 1);
        appender.AppendSample(TestLabels.Of("__name__", "calls_total", "service", "b"), 30_000, 5);
        appender.Commit(30_000);

        Assert.Equal(
            """
            # TYPE calls_total counter
            calls_total{service="a"} 2 15000
            calls_total{service="b"} 5 30000
            # TYPE target_info gauge
            target_info{job="x"} 1 15000

            """,
            Render(appender));
    }

    [Fact]
    public void Groups_a_classic_histogram_under_one_family_with_buckets_in_bound_order()
    {
        var appender = new PrometheusTextAppender(includeTimestamps: false);
        foreach (var (le, value) in new[] { ("+Inf", 4.0), ("10", 3.0), ("0.5", 1.0), ("2", 2.0) })
        {
            appender.AppendSample(TestLabels.Of("__name__", "latency_bucket", "le", le, "service", "a"), 15_000, value);
        }

        appender.AppendSample(TestLabels.Of("__name__", "latency_count", "service", "a"), 15_000, 4);
        appender.AppendSample(TestLabels.Of("__name__", "latency_sum", "service", "a"), 15_000, 7.25);

        Assert.Equal(
            """
            # TYPE latency histogram
            latency_bucket{service="a",le="0.5"} 1
            latency_bucket{service="a",le="2"} 2
            latency_bucket{service="a",le="10"} 3
            latency_bucket{service="a",le="+Inf"} 4
            latency_sum{service="a"} 7.25
            latency_count{service="a"} 4

            """,
            Render(appender));
    }

    [Fact]
    public void Prints_a_native_histogram_in_the_promql_test_notation_with_gaps_filled()
    {
        var appender = new PrometheusTextAppender(includeTimestamps: false);
        var histogram = new NativeHistogramSample { Schema = 3, Count = 7, Sum = 12.5, ZeroCount = 1, ZeroThreshold = 0.001 };
        histogram.PositiveSpans.Add((-2, 2));
        histogram.PositiveSpans.Add((1, 1));
        histogram.PositiveDeltas.AddRange([1, 2, -1]);
        appender.AppendHistogram(TestLabels.Of("__name__", "latency"), histogram);

        Assert.Equal(
            """
            # TYPE latency histogram
            latency {{schema:3 count:7 sum:12.5 z_bucket:1 z_bucket_w:0.001 offset:-2 buckets:[1 3 0 2]}}

            """,
            Render(appender));
    }

    [Fact]
    public void Omits_a_series_whose_last_value_is_a_staleness_marker()
    {
        var appender = new PrometheusTextAppender(includeTimestamps: false);
        appender.AppendSample(TestLabels.Of("__name__", "up", "i", "1"), 15_000, 1);
        appender.AppendSample(TestLabels.Of("__name__", "up", "i", "2"), 15_000, 1);
        appender.AppendSample(TestLabels.Of("__name__", "up", "i", "1"), 30_000, StaleMarker.Value);

        Assert.Equal("# TYPE up gauge\nup{i=\"2\"} 1\n", Render(appender));
    }

    [Fact]
    public void Escapes_label_values_and_prints_special_values_as_prometheus_does()
    {
        var appender = new PrometheusTextAppender(includeTimestamps: false);
        appender.AppendSample(TestLabels.Of("__name__", "g", "path", "a\"b\\c\nd"), 1, double.PositiveInfinity);
        appender.AppendSample(TestLabels.Of("__name__", "h"), 1, double.NaN);

        Assert.Equal("# TYPE g gauge\ng{path=\"a\\\"b\\\\c\\nd\"} +Inf\n# TYPE h gauge\nh NaN\n", Render(appender));
    }

    private static string Render(PrometheusTextAppender appender)
    {
        using var writer = new StringWriter();
        appender.WriteTo(writer);
        return writer.ToString();
    }
}
