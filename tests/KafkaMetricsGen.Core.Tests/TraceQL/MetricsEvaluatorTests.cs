using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

/// <summary>Tempo's engine_metrics_test vectors.</summary>
public partial class MetricsEvaluatorTests
{
    private const ulong Second = 1_000_000_000;

    private static ListSpanSource TempoVectorSpans()
    {
        var s = new ListSpanSource();
        s.Add(1 * Second, 128, "bar").Add(1 * Second, 256, "bar").Add(1 * Second, 512, "bar");
        for (var i = 0; i < 4; i++)
        {
            s.Add(2 * Second, 256, "bar");
        }

        for (var i = 0; i < 3; i++)
        {
            s.Add(3 * Second, 512, "baz");
        }

        return s;
    }

    internal static Dictionary<string, double[]> Run(string query, IQuerySpanSource source, ulong start = 1, ulong end = 3 * Second, ulong step = Second)
    {
        var q = TraceQLQueryCheck.Parse(query);
        var range = new QueryRange(start, end, step).Align();
        var first = MetricsEvaluator.Evaluate(q, range, source);
        return SeriesCombiner.Finalize(first, q.Metrics!).ToDictionary(s => s.Key, s => s.Values);
    }

    [Fact]
    public void Count_over_time_by_attribute_buckets_spans_by_start_in_right_closed_intervals()
    {
        var r = Run("{ } | count_over_time() by (span.foo)", TempoVectorSpans());
        Assert.Equal([3, 4, 0], r["{span.foo=\"bar\"}"]);
        Assert.Equal([0, 0, 3], r["{span.foo=\"baz\"}"]);
    }

    [Fact]
    public void Histogram_over_time_uses_power_of_two_buckets_in_seconds()
    {
        var r = Run("{ } | histogram_over_time(duration) by (span.foo)", TempoVectorSpans());
        Assert.Equal(4, r.Count);
        Assert.Equal([1, 0, 0], r["{__bucket=\"1.28e-07\", span.foo=\"bar\"}"]);
        Assert.Equal([1, 4, 0], r["{__bucket=\"2.56e-07\", span.foo=\"bar\"}"]);
        Assert.Equal([1, 0, 0], r["{__bucket=\"5.12e-07\", span.foo=\"bar\"}"]);
        Assert.Equal([0, 0, 3], r["{__bucket=\"5.12e-07\", span.foo=\"baz\"}"]);
    }

    [Fact]
    public void Quantile_over_time_interpolates_between_power_of_two_buckets()
    {
        var r = Run("{ } | quantile_over_time(duration, 0, 0.5, 1) by (span.foo)", TempoVectorSpans());
        var q0Of4x256 = Log2Histogram.Quantile(0, [(2.56e-7, 4)]);
        Assert.Equal(2.56e-7 * Math.Pow(2, -0.75), q0Of4x256, 15);
        Assert.Equal([1.28e-7, q0Of4x256, 0], r["{p=\"0\", span.foo=\"bar\"}"]);
        Assert.Equal([5.12e-7, 2.56e-7, 0], r["{p=\"1\", span.foo=\"bar\"}"]);
        Assert.Equal([0, 0, 5.12e-7], r["{p=\"1\", span.foo=\"baz\"}"]);
        var median = r["{p=\"0.5\", span.foo=\"bar\"}"];
        Assert.Equal(2.56e-7, median[0]);
        Assert.Equal(2.56e-7 * Math.Pow(2, -0.5), median[1], 1e-21);
    }

    [Fact]
    public void Rate_is_count_divided_by_step_seconds_and_ungrouped_series_are_named_by_function()
    {
        // (0,2s] holds the 3 + 4 "bar" spans starting at 1 s and 2 s.
        var r = Run("{ span.foo = \"bar\" } | rate()", TempoVectorSpans(), step: 2 * Second, end: 4 * Second);
        Assert.Equal([7 / 2.0, 0], r["{__name__=\"rate\"}"]);
    }

    [Fact]
    public void Value_functions_are_absent_in_empty_intervals()
    {
        var spans = TempoVectorSpans();
        Assert.Equal([128e-9, 256e-9, double.NaN], Run("{} | min_over_time(duration) by (span.foo)", spans)["{span.foo=\"bar\"}"]);
        Assert.Equal([512e-9, 256e-9, double.NaN], Run("{} | max_over_time(duration) by (span.foo)", spans)["{span.foo=\"bar\"}"]);
        var sum = Run("{} | sum_over_time(duration) by (span.foo)", spans)["{span.foo=\"bar\"}"];
        Assert.Equal(896e-9, sum[0], 1e-20);
        Assert.Equal(1024e-9, sum[1], 1e-20);
        Assert.True(double.IsNaN(sum[2]));
        var avg = Run("{} | avg_over_time(duration) by (span.foo)", spans)["{span.foo=\"bar\"}"];
        Assert.Equal(896e-9 / 3, avg[0], 1e-20);
        Assert.Equal(256e-9, avg[1], 1e-20);
        Assert.True(double.IsNaN(avg[2]));
    }

    [Fact]
    public void Topk_keeps_the_highest_series_per_timestamp()
    {
        var r = Run("{} | count_over_time() by (span.foo) | topk(1)", TempoVectorSpans());
        Assert.Equal([3, 4, double.NaN], r["{span.foo=\"bar\"}"]);
        Assert.Equal([double.NaN, double.NaN, 3], r["{span.foo=\"baz\"}"]);
    }

    [Fact]
    public void Bottomk_keeps_the_lowest_series_per_timestamp()
    {
        var r = Run("{} | count_over_time() by (span.foo) | bottomk(1)", TempoVectorSpans());
        Assert.Equal([0, 0, double.NaN], r["{span.foo=\"baz\"}"]);
    }

    [Fact]
    public void Trace_intrinsics_resolve_from_the_root_span()
    {
        var s = new ListSpanSource()
            .Add(1 * Second, 10, service: "front", name: "root", traceLow: 7)
            .Add(1 * Second, 5, service: "back", name: "child", traceLow: 7, parent: 1)
            .Add(1 * Second, 5, service: "back", name: "other", traceLow: 8, parent: 9);
        var r = Run("{ trace:rootService = \"front\" } | count_over_time() by (resource.service.name)", s);
        Assert.Equal(2, r.Count);
        Assert.Equal([1, 0, 0], r["{resource.service.name=\"back\"}"]);
    }

    [Fact]
    public void A_span_on_a_step_boundary_belongs_to_the_interval_ending_there()
    {
        var range = new QueryRange(0, 3 * Second, Second);
        Assert.Equal(0, range.IntervalOf(Second));
        Assert.Equal(1, range.IntervalOf(Second + 1));
        Assert.Equal(-1, range.IntervalOf(0));
        Assert.Equal(2000, range.TimestampMsOf(1));
    }

    [Fact]
    public void Alignment_floors_start_rounds_up_end_and_pads_one_interval()
    {
        var r = new QueryRange(100 * Second + 3, 200 * Second + 1, 15 * Second).Align();
        Assert.Equal(90 * Second - 15 * Second, r.StartUnixNano);
        Assert.Equal(210 * Second, r.EndUnixNano);
    }

    [Theory]
    [InlineData(3600.0, 15.0)]
    [InlineData(60.0, 1.0)]
    [InlineData(86400.0, 300.0)]
    [InlineData(6 * 3600.0, 60.0)]
    [InlineData(30.0, 0.1)]
    [InlineData(1.0, 0.05)]
    public void Default_step_follows_tempo(double rangeSeconds, double stepSeconds) =>
        Assert.Equal((ulong)(stepSeconds * 1e9), QueryRange.DefaultStep(0, (ulong)(rangeSeconds * 1e9)));

    [Theory]
    [InlineData(2.56e-7, "2.56e-07")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1")]
    [InlineData(123456.0, "123456")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    public void Floats_format_as_go_does(double value, string text) => Assert.Equal(text, GoFloat.Format(value));
}
