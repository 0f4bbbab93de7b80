using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

/// <summary>Exemplars of the first stage and of the final answer over one instance.</summary>
public partial class MetricsEvaluatorTests
{
    private static List<MetricsSeries> Final(string query, IQuerySpanSource source, uint exemplars, ulong end = 3 * Second, ulong step = Second)
    {
        var q = TraceQLQueryCheck.Parse(query);
        var range = new QueryRange(1, end, step).Align();
        return SeriesCombiner.Finalize(MetricsEvaluator.Evaluate(q, range, source, exemplars), q.Metrics!);
    }

    private static string Label(MetricsExemplar e, string name) => e.Labels.Single(l => l.Name == name).Value.String!;

    [Fact]
    public void Counting_exemplars_carry_trace_and_span_ids_the_span_start_and_the_sample_value()
    {
        var s = new ListSpanSource()
            .Add(1_500_000_123, 100, service: "a", traceLow: 0xabc)
            .Add(1_700_000_000, 100, service: "a", traceLow: 0xdef);
        var series = Assert.Single(Final("{} | count_over_time() by (resource.service.name)", s, 10));
        Assert.Equal(2, series.Exemplars.Count);
        var first = series.Exemplars[0];
        Assert.Equal("abc", Label(first, TraceQLKeywords.TraceIdLabel));
        Assert.Equal("0000000000000001", Label(first, TraceQLKeywords.SpanIdLabel));
        Assert.Equal(1_500, first.TimestampMs);

        // Tempo's placeholder for count and rate: the value of the interval the exemplar falls in.
        Assert.Equal([2.0, 2.0], series.Exemplars.Select(e => e.Value));
    }

    [Fact]
    public void Rate_exemplars_take_the_rate_of_their_interval()
    {
        var s = new ListSpanSource().Add(1_500_000_000, 100, traceLow: 1).Add(1_600_000_000, 100, traceLow: 2);
        var series = Assert.Single(Final("{} | rate()", s, 10, end: 4 * Second, step: 2 * Second));
        Assert.Equal([1.0, 1.0], series.Exemplars.Select(e => e.Value));
    }

    [Theory]
    [InlineData("{} | min_over_time(duration)")]
    [InlineData("{} | max_over_time(duration)")]
    [InlineData("{} | avg_over_time(duration)")]
    [InlineData("{} | sum_over_time(duration)")]
    public void Value_exemplars_carry_the_span_duration_in_seconds(string query)
    {
        var s = new ListSpanSource().Add(1_500_000_000, 250_000_000, traceLow: 1).Add(1_600_000_000, 750_000_000, traceLow: 2);
        Assert.Equal([0.25, 0.75], Assert.Single(Final(query, s, 10)).Exemplars.Select(e => e.Value));
    }

    [Fact]
    public void Quantile_exemplars_carry_the_raw_duration_and_go_to_the_nearest_quantile()
    {
        // 0.1 s and 2 s fall in the 2^27 ns and 2^31 ns buckets: p0 = 0.134 s, p1 = 2.147 s.
        var s = new ListSpanSource().Add(1_500_000_000, 100_000_000, traceLow: 1).Add(2_500_000_000, 2_000_000_000, traceLow: 2);
        var r = Final("{} | quantile_over_time(duration, 0, 1)", s, 10).ToDictionary(x => x.Key);
        Assert.Equal([0.1], r["{__name__=\"quantile_over_time\", p=\"0\"}"].Exemplars.Select(e => e.Value));
        Assert.Equal([2.0], r["{__name__=\"quantile_over_time\", p=\"1\"}"].Exemplars.Select(e => e.Value));
    }

    [Fact]
    public void Histogram_exemplars_stay_with_their_bucket_series()
    {
        var s = new ListSpanSource().Add(1_500_000_000, 100, traceLow: 1).Add(1_500_000_000, 1000, traceLow: 2);
        var r = Final("{} | histogram_over_time(duration)", s, 10);
        Assert.Equal(2, r.Count);
        Assert.All(r, x => Assert.Equal([1.0], x.Exemplars.Select(e => e.Value)));
    }

    [Fact]
    public void A_trace_gives_at_most_one_exemplar()
    {
        // All ten Tempo vector spans share trace 1.
        var series = Final("{} | count_over_time()", TempoVectorSpans(), 100);
        Assert.Single(Assert.Single(series).Exemplars);
    }

    [Fact]
    public void Exemplars_are_capped_and_spread_over_the_range()
    {
        var s = new ListSpanSource();
        for (var i = 0; i < 300; i++)
        {
            s.Add((ulong)(i + 1) * 10_000_000, 100, traceLow: (ulong)i + 1);
        }

        // 10 exemplars over (0, 3s]: five buckets of 600 ms, two each.
        var exemplars = Assert.Single(Final("{} | count_over_time()", s, 10)).Exemplars;
        Assert.Equal(10, exemplars.Count);
        Assert.All(exemplars.GroupBy(e => e.TimestampMs / 600), g => Assert.Equal(2, g.Count()));
        Assert.Equal(exemplars.Select(e => e.TimestampMs).Order(), exemplars.Select(e => e.TimestampMs));
    }

    [Fact]
    public void The_cap_counts_every_series_together()
    {
        var s = new ListSpanSource();
        for (var i = 0; i < 300; i++)
        {
            s.Add((ulong)(i + 1) * 10_000_000, 100, service: "svc" + (i % 3), traceLow: (ulong)i + 1);
        }

        var series = Final("{} | count_over_time() by (resource.service.name)", s, 10);
        Assert.Equal(3, series.Count);
        Assert.Equal(10, series.Sum(x => x.Exemplars.Count));
        Assert.All(series, x => Assert.NotEmpty(x.Exemplars));
    }

    [Fact]
    public void No_exemplars_when_none_are_asked_for_or_the_query_is_instant()
    {
        var s = new ListSpanSource().Add(1_500_000_000, 100, traceLow: 1);
        Assert.Empty(Assert.Single(Final("{} | count_over_time()", s, 0)).Exemplars);
        var q = TraceQLQueryCheck.Parse("{} | count_over_time()");
        var instant = MetricsEvaluator.Evaluate(q, new QueryRange(0, 3 * Second, 3 * Second), s, 10);
        Assert.Empty(Assert.Single(instant.Series.Values).Exemplars);
    }

    [Fact]
    public void Spans_without_a_trace_id_give_no_exemplar()
    {
        var s = new ListSpanSource().Add(1_500_000_000, 100, traceLow: 0);
        Assert.Empty(Assert.Single(Final("{} | count_over_time()", s, 10)).Exemplars);
        Assert.Equal("abc", ExemplarSampler.TraceIdText(new TraceId(0, 0xabc)));
        Assert.Equal("10000000000000000000000000000abc", ExemplarSampler.TraceIdText(new TraceId(1UL << 60, 0xabc)));
    }
}
