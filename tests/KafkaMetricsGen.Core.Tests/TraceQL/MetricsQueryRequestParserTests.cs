using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public class MetricsQueryRequestParserTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private const ulong NowNano = 1_700_000_000UL * 1_000_000_000;

    private static MetricsQueryRequest Parse(bool instant = false, params (string Name, string Value)[] p) =>
        MetricsQueryRequestParser.Parse(n => p.FirstOrDefault(x => x.Name == n).Value, Now, instant, 100);

    [Fact]
    public void Defaults_to_the_last_hour_with_a_15s_step()
    {
        var r = Parse(false, ("q", "{} | rate()"));
        Assert.Equal(NowNano, r.EndUnixNano);
        Assert.Equal(NowNano - 3_600_000_000_000, r.StartUnixNano);
        Assert.Equal(15_000_000_000UL, r.StepNano);
        Assert.Equal(100U, r.Exemplars);
        Assert.False(r.Local);
    }

    [Fact]
    public void Q_wins_over_query() => Assert.Equal("{} | rate()", Parse(false, ("query", "{}"), ("q", "{} | rate()")).Query);

    [Theory]
    [InlineData("1699999000", 1_699_999_000_000_000_000UL)]
    [InlineData("1699999000123456789", 1_699_999_000_123_456_789UL)]
    [InlineData("1699999000.1234", 1_699_999_000_123_000_000UL)]
    [InlineData("2023-11-14T21:56:40Z", 1_699_999_000_000_000_000UL)]
    [InlineData("2023-11-14T21:56:40.5+00:00", 1_699_999_000_500_000_000UL)]
    public void Start_accepts_unix_seconds_nanoseconds_fractions_and_rfc3339(string text, ulong nanos) =>
        Assert.Equal(nanos, Parse(false, ("q", "{}"), ("start", text)).StartUnixNano);

    [Fact]
    public void Since_sets_the_start_relative_to_end()
    {
        var r = Parse(false, ("q", "{}"), ("since", "15m"));
        Assert.Equal(NowNano - 900_000_000_000, r.StartUnixNano);
    }

    [Theory]
    [InlineData("30", 30_000_000_000UL)]
    [InlineData("0.5", 500_000_000UL)]
    [InlineData("1m", 60_000_000_000UL)]
    [InlineData("1m30s", 90_000_000_000UL)]
    public void Step_accepts_seconds_and_durations(string text, ulong nanos) =>
        Assert.Equal(nanos, Parse(false, ("q", "{}"), ("step", text)).StepNano);

    [Fact]
    public void Instant_queries_use_the_whole_range_as_one_step_and_no_exemplars()
    {
        var r = Parse(true, ("q", "{}"), ("since", "10m"));
        Assert.Equal(600_000_000_000UL, r.StepNano);
        Assert.True(r.Range.IsInstant);
        Assert.Equal(0U, r.Exemplars);
    }

    [Theory]
    [InlineData("step", "0", "invalid step: must be greater than 0")]
    [InlineData("step", "abc", "invalid step: 'abc' is neither seconds nor a duration")]
    [InlineData("start", "yesterday", "invalid start: 'yesterday' is not a Unix time or RFC3339 timestamp")]
    [InlineData("since", "5x", "invalid since: '5x' is not a duration")]
    [InlineData("exemplars", "-1", "invalid exemplars: '-1' is not an unsigned integer")]
    [InlineData("end", "0", "invalid start and end: end must be after start")]
    public void Bad_parameters_are_named(string name, string value, string message) =>
        Assert.Equal(message, Assert.Throws<TraceQLQueryException>(() => Parse(false, ("q", "{}"), (name, value))).Message);

    [Fact]
    public void A_missing_query_is_a_bad_request() =>
        Assert.Throws<TraceQLQueryException>(() => Parse(false, ("start", "1")));

    [Fact]
    public void Exemplars_are_capped_at_the_maximum() =>
        Assert.Equal(100U, Parse(false, ("q", "{}"), ("exemplars", "5000")).Exemplars);

    [Theory]
    [InlineData("7", 7u)]
    [InlineData("0", 100u)]
    public void Exemplars_zero_means_the_maximum_as_in_tempos_frontend(string text, uint expected) =>
        Assert.Equal(expected, Parse(false, ("q", "{}"), ("exemplars", text)).Exemplars);

    [Theory]
    [InlineData("0", 0u)]
    [InlineData("7", 7u)]
    [InlineData("5000", 100u)]
    [InlineData(null, 100u)]
    public void A_local_request_carries_the_settled_count_where_zero_means_none(string? text, uint expected) =>
        Assert.Equal(expected, Parse(false, ("q", "{}"), ("local", "true"), ("exemplars", text!)).Exemplars);
}
