using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

/// <summary>
/// Filters and arithmetic on metrics results, with the spans and expectations of Tempo's engine tests (TestScalarMath,
/// TestSecondStageMetricsComparison) re-expressed: three one-second intervals, count_over_time by span.foo gives
/// baz = [1, 0, 3] and bar = [3, 4, 0].
/// </summary>
public partial class TraceQLMetricsQueryServiceTests
{
    private const string CountByFoo = "{ } | count_over_time() by (span.foo)";
    private const ulong T0 = NowNano - 10 * Second;

    private static ListSpanSource FooSpans()
    {
        var s = new ListSpanSource();
        foreach (var (at, foo, count) in new[] { (1, "bar", 3), (1, "baz", 1), (2, "bar", 4), (3, "baz", 3) })
        {
            for (var i = 0; i < count; i++)
            {
                s.Add(T0 + (ulong)at * Second, 256, foo);
            }
        }

        return s;
    }

    /// <summary>(T0, T0 + 3s] in three intervals: alignment pads one interval before the start, so it begins at T0 + 1s.</summary>
    private static MetricsQueryRequest ThreeSeconds(string q) => new(q, T0 + Second + 1, T0 + 3 * Second, Second, 0, Instant: false, Local: false);

    public static readonly TheoryData<string, Func<double, double>> ScalarMath = new()
    {
        { "A", v => v },
        { "(A) + 10", v => v + 10 },
        { "10 + (A)", v => 10 + v },
        { "(A) - 5", v => v - 5 },
        { "5 - (A)", v => 5 - v },
        { "(A) * 2.5", v => v * 2.5 },
        { "2 / (A)", v => v == 0 ? double.NaN : 2 / v },
        { "(A) / 0", _ => double.NaN },
        { "0 / (A)", v => v == 0 ? double.NaN : 0 },
        { "(A) + 1e31", v => v + 1e31 },
        { "(A) + (1.0/0)", _ => double.PositiveInfinity },
        { "(A) * ( 3 / 2 )", v => v },
        { "(A) * ( 3.0 / 2 )", v => v * 1.5 },
        { "(A) - -5", v => v + 5 },
        { "-2 / (A)", v => v == 0 ? double.NaN : -2 / v },
        { "(A) * 2 + 5", v => v * 2 + 5 },
        { "5 + (A) * 2", v => 5 + v * 2 },
        { "((A) + 5) * 2", v => (v + 5) * 2 },
        { "(A) / (2 + 1)", v => v / 3 },
        { "10 / (A) * 2", v => v == 0 ? double.NaN : 10 / v * 2 },
        { "10 / ((A) * 2)", v => v == 0 ? double.NaN : 10 / (v * 2) },
        { "(A) - 10 - 5", v => v - 15 },
        { "100 / (A) / 2", v => v == 0 ? double.NaN : 100 / v / 2 },
        { "(10 + 5) * (A) / 2", v => 15 * v / 2 },
        { "((A) + 10) * ((A) + 1)", v => (v + 10) * (v + 1) },
        { "6 / 2 * ((A) + (A))", v => 3 * (v + v) },
        { "(A) > 1", v => v > 1 ? v : double.NaN },
        { "(A) >= 3.0", v => v >= 3 ? v : double.NaN },
        { "(A) < 3.5", v => v < 3.5 ? v : double.NaN },
        { "(A) = 3", v => v == 3 ? v : double.NaN },
        { "(A) != 3", v => v != 3 ? v : double.NaN },
        { "(A) >= 1.5 * 2", v => v >= 3 ? v : double.NaN },
        { "(A >= 1.5) * 2", v => v >= 1.5 ? v * 2 : double.NaN },
        { "2 * (A) >= 1.5", v => 2 * v >= 1.5 ? 2 * v : double.NaN },
        { "2 * (A >= 1.5)", v => v >= 1.5 ? 2 * v : double.NaN },
        { "(A) >= 3 <= 4", v => v is >= 3 and <= 4 ? v : double.NaN },
        { "(A) >= 3 < 4", v => v is >= 3 and < 4 ? v : double.NaN },
    };

    [Theory]
    [MemberData(nameof(ScalarMath))]
    public async Task Arithmetic_with_numbers_and_value_filters_match_tempos_engine(string shape, Func<double, double> transform)
    {
        var result = await Service(FooSpans()).QueryAsync("t", ThreeSeconds(shape.Replace("A", CountByFoo, StringComparison.Ordinal)), default);
        foreach (var (foo, counts) in new[] { ("baz", new double[] { 1, 0, 3 }), ("bar", new double[] { 3, 4, 0 }) })
        {
            var expected = counts.Select(transform).ToArray();
            var series = result.Series.SingleOrDefault(s => s.Key == $"{{span.foo=\"{foo}\"}}");
            if (expected.All(double.IsNaN))
            {
                Assert.True(series is null || series.Values.All(double.IsNaN));
                continue;
            }

            Assert.NotNull(series);
            Assert.Equal(expected, series.Values);
        }
    }

    [Theory]
    [InlineData("{ } | rate() by (span.foo) > 5", "bar", 7)]
    [InlineData("{ } | rate() by (span.foo) >= 7", "bar", 7)]
    [InlineData("{ } | rate() by (span.foo) = 5", "baz", 5)]
    [InlineData("{ } | rate() by (span.foo) <= 3", "quax", 3)]
    [InlineData("{ } | rate() by (span.foo) < 5", "quax", 3)]
    [InlineData("{ } | rate() by (span.foo) < 5 with (sample=0.5)", "quax", 3)]
    [InlineData("{ } | rate() by (span.foo) | topk(2) < 6", "baz", 5)]
    [InlineData("{ } | rate() by (span.foo) > 4 | bottomk(1)", "baz", 5)]
    [InlineData("({ } | rate() by (span.foo) | topk(1)) / 7", "bar", 1)]
    public async Task A_filter_after_a_metrics_function_keeps_only_the_series_that_pass(string q, string foo, double value)
    {
        var spans = new ListSpanSource();
        foreach (var (foo2, perSecond) in new[] { ("bar", 7), ("baz", 5), ("quax", 3) })
        {
            for (var second = 1; second <= 8; second++)
            {
                for (var i = 0; i < perSecond; i++)
                {
                    spans.Add(T0 - 10 * Second + (ulong)second * Second, 256, foo2);
                }
            }
        }

        var request = new MetricsQueryRequest(q, T0 - 9 * Second + 1, T0 - 2 * Second, Second, 0, Instant: false, Local: false);
        var result = await Service(spans).QueryAsync("t", request, default);
        // topk/bottomk leave the other series without points; the answer leaves such series out.
        var series = Assert.Single(result.Series, s => s.Values.Any(v => !double.IsNaN(v)));
        Assert.Equal($"{{span.foo=\"{foo}\"}}", series.Key);
        Assert.Equal(Enumerable.Repeat(value, 8), series.Values);
    }

    [Fact]
    public async Task Arithmetic_between_queries_matches_series_on_their_labels()
    {
        var spans = new ListSpanSource();
        for (var i = 0; i < 40; i++)
        {
            spans.Add(T0 + Second, 256, service: i % 2 == 0 ? "a" : "b", status: i % 4 == 0 || (i % 2 == 1 && i < 10) ? StatusCode.Error : StatusCode.Ok);
        }

        const string errors = "({ status = error } | count_over_time() by (resource.service.name))";
        const string all = "({ } | count_over_time() by (resource.service.name))";
        var ratio = await Service(spans).QueryAsync("t", ThreeSeconds($"{errors} / {all}"), default);
        Assert.Equal(["{resource.service.name=\"a\"}", "{resource.service.name=\"b\"}"], ratio.Series.Select(s => s.Key));
        Assert.Equal([0.5, double.NaN, double.NaN], ratio.Series[0].Values);
        Assert.Equal([0.25, double.NaN, double.NaN], ratio.Series[1].Values);

        // An ungrouped side applies to every series of the other; both names combine into __name__.
        var share = await Service(spans).QueryAsync("t", ThreeSeconds($"{all} / ({{ }} | count_over_time()) * 100"), default);
        Assert.Equal([50.0, 50.0], share.Series.Select(s => s.Values[0]));
        var names = await Service(spans).QueryAsync("t", ThreeSeconds("({ status = error } | rate()) / ({ } | count_over_time())"), default);
        Assert.Equal("{__name__=\"(rate / count_over_time)\"}", Assert.Single(names.Series).Key);

        // A series on one side only has no partner and is left out.
        var none = await Service(spans).QueryAsync("t", ThreeSeconds($"{errors} + ({{ }} | count_over_time() by (name))"), default);
        Assert.Empty(none.Series);
    }

    [Fact]
    public async Task Arithmetic_between_queries_merges_each_side_from_peers_before_combining()
    {
        const string q = "({ status = error } | count_over_time() by (resource.service.name)) / ({ } | count_over_time() by (resource.service.name)) > 0.1";
        var single = await Service(Spans(0, 400)).QueryAsync("t", Request(q), default);
        var peerUri = new Uri("http://peer-b:3200/");
        var b = Service(Spans(200, 400));
        var a = Service(Spans(0, 200), peers: new InProcessPeers(new() { [peerUri] = b }), peerUris: peerUri);
        var merged = await a.QueryAsync("t", Request(q), default);
        AssertSameSeries(single, merged);
        Assert.Equal(800, merged.InspectedSpans);
        Assert.Null(merged.PartialMessage);
    }

    /// <summary>
    /// Tempo's frontend marks an attribute whose merged values exceed topN even when no single instance saw more
    /// (BaselineAggregator); the marker has no samples, and Tempo's answer (SeriesSet.ToProto) leaves out every series
    /// without samples, so it never reaches the wire there either.
    /// </summary>
    [Fact]
    public async Task Compare_marks_too_many_values_after_merging_peers_and_answers_like_tempo()
    {
        const string q = "{ } | compare({ status = error }, 2)";
        var peerUri = new Uri("http://peer-b:3200/");
        var b = Service(new ListSpanSource().Add(NowNano - 20 * Second, 5, "c").Add(NowNano - 20 * Second, 5, "d"));
        var a = Service(new ListSpanSource().Add(NowNano - 20 * Second, 5, "a").Add(NowNano - 20 * Second, 5, "b"),
            peers: new InProcessPeers(new() { [peerUri] = b }), peerUris: peerUri);
        var alone = await Service(new ListSpanSource().Add(NowNano - 20 * Second, 5, "a").Add(NowNano - 20 * Second, 5, "b")).QueryAsync("t", Request(q), default);
        Assert.DoesNotContain(alone.Series, s => s.Key.Contains("__meta_error", StringComparison.Ordinal));

        var merged = await a.QueryAsync("t", Request(q), default);
        var marker = Assert.Single(merged.Series, s => s.Key == "{__meta_error=\"__too_many_values__\", span.foo=\"<nil>\"}");
        Assert.All(marker.Values, v => Assert.True(double.IsNaN(v)));
        Assert.Equal(2, merged.Series.Count(s => s.Key.StartsWith("{__meta_type=\"baseline\", span.foo=", StringComparison.Ordinal)));
        Assert.DoesNotContain(QueryResponseEncoder.ToRange(merged).Series, s => s.Labels.Any(l => l.Key == TraceQLKeywords.MetaErrorLabel));
    }
}
