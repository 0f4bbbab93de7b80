using KafkaMetricsGen.Core.TraceQL;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public partial class TraceQLMetricsQueryServiceTests
{
    /// <summary>A source whose read takes (fake) time: each call advances the clock.</summary>
    private sealed class SlowSource(IQuerySpanSource inner, FakeTimeProvider time, TimeSpan perRead) : IQuerySpanSource
    {
        public IReadOnlyList<ReadOnlyMemory<StoredSpan>> Chunks(ulong fromUnixNano, ulong toUnixNano)
        {
            time.Advance(perRead);
            return inner.Chunks(fromUnixNano, toUnixNano);
        }
    }

    [Fact]
    public async Task A_query_past_its_deadline_answers_422_naming_the_timeout()
    {
        var time = new FakeTimeProvider(Now);
        var options = new TraceQLMetricsOptions { QueryTimeout = TimeSpan.FromSeconds(30) };
        var source = new SlowSource(Spans(0, 100), time, TimeSpan.FromSeconds(31));
        var service = new TraceQLMetricsQueryService(new Sources(new() { ["t"] = source }), options, time);
        var e = await Assert.ThrowsAsync<TraceQLQueryException>(() => service.QueryAsync("t", Request("{} | rate()"), CancellationToken.None));
        Assert.Equal(422, e.StatusCode);
        Assert.StartsWith("query ran past its deadline of 30s (the query timeout)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_within_its_deadline_answers()
    {
        var time = new FakeTimeProvider(Now);
        var source = new SlowSource(Spans(0, 100), time, TimeSpan.FromSeconds(29));
        var service = new TraceQLMetricsQueryService(new Sources(new() { ["t"] = source }), new TraceQLMetricsOptions(), time);
        var result = await service.QueryAsync("t", Request("{} | rate()"), CancellationToken.None);
        Assert.Single(result.Series);
    }

    [Theory]
    [InlineData(3, 0, true)]
    [InlineData(2, 0, false)]
    [InlineData(10, 2, false)]
    [InlineData(10, 3, true)]
    public async Task More_series_than_the_limit_answer_422_naming_it(int configured, int requested, bool answers)
    {
        var options = new TraceQLMetricsOptions { MaxSeries = configured };
        var service = new TraceQLMetricsQueryService(new Sources(new() { ["t"] = Spans(0, 100) }), options, new FakeTimeProvider(Now));
        var request = Request("{} | count_over_time() by (resource.service.name)") with { MaxSeries = requested };
        if (answers)
        {
            Assert.Equal(3, (await service.QueryAsync("t", request, CancellationToken.None)).Series.Count);
            return;
        }

        var e = await Assert.ThrowsAsync<TraceQLQueryException>(() => service.QueryAsync("t", request, CancellationToken.None));
        Assert.Equal(422, e.StatusCode);
        Assert.StartsWith($"query would produce more than {Math.Min(configured, requested == 0 ? configured : requested)} series (the series limit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60_000_000UL, true)]
    [InlineData(59_000_000UL, false)]
    public async Task A_step_giving_more_than_tempos_10000_intervals_is_refused_naming_the_minimum(ulong stepNano, bool answers)
    {
        var request = Request("{} | rate()") with { StepNano = stepNano };
        if (answers)
        {
            await Service(Spans(0, 10)).QueryAsync("t", request, CancellationToken.None);
            return;
        }

        var e = await Assert.ThrowsAsync<TraceQLQueryException>(() => Service(Spans(0, 10)).QueryAsync("t", request, CancellationToken.None));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("step of 59ms is too small, minimum step for given range is 60ms (at most 10000 intervals, Tempo's max_intervals)", e.Message);
    }

    [Fact]
    public void Limit_defaults_are_tempos_and_pinned()
    {
        Assert.Equal(10_000, TraceQLMetricsDefaults.MaxIntervals);
        Assert.Equal(10_000, TraceQLMetricsDefaults.MaxSeries);
        Assert.Equal(TimeSpan.FromSeconds(30), TraceQLMetricsDefaults.QueryTimeout);
    }
}
