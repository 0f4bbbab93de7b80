using System.Net;
using System.Text;

namespace KafkaMetricsGen.Tests.Http;

public sealed partial class TraceQLMetricsEndpointsTests
{
    [Theory]
    [InlineData(10_000, "nests more than 1000 parentheses or negations deep")]
    [InlineData(1_000, null)]
    public async Task Deeply_nested_parentheses_answer_or_name_the_nesting_limit(int depth, string? message)
    {
        var address = await StartInstance("nested", 0, 10);
        var q = "{ " + new string('(', depth) + "name = \"op0\"" + new string(')', depth) + " } | count_over_time()";
        var response = await Get(address, Range(q));
        var body = await response.Content.ReadAsStringAsync();
        if (message is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regex_nested_10k_deep_is_refused_as_re2_refuses_it()
    {
        var address = await StartInstance("nestedregex", 0, 10);
        var q = "{ name =~ \"" + new string('(', 10_000) + "a" + new string(')', 10_000) + "\" } | count_over_time()";
        var response = await Get(address, Range(q));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expression nests too deeply", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_megabyte_query_is_answered()
    {
        var address = await StartInstance("megabyte", 0, 10);
        var q = new StringBuilder("{ name = \"op0\"");
        while (q.Length < 1_000_000)
        {
            q.Append(" || name = \"never\"");
        }

        q.Append(" } | count_over_time()");
        var response = await Get(address, Range(q.ToString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"inspectedSpans\": \"10\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('{')]
    [InlineData('(')]
    [InlineData('!')]
    [InlineData('"')]
    public async Task A_one_megabyte_run_of_one_character_is_a_400(char c)
    {
        var address = await StartInstance("garbage" + (int)c, 0, 1);
        var response = await Get(address, Range(new string(c, 1_000_000)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("parse error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_series_than_max_series_is_a_422_naming_the_limit()
    {
        var address = await StartInstance("maxseries", 0, 30);
        var response = await Get(address, Range("{} | count_over_time() by (resource.service.name)", "&maxSeries=2"));
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.StartsWith("query would produce more than 2 series (the series limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_over_tempos_point_limit_is_a_400_naming_the_minimum_step()
    {
        var address = await StartInstance("points", 0, 1);
        var response = await Get(address, "/api/metrics/query_range?q=" + Uri.EscapeDataString("{} | rate()") + "&since=10m&step=0.01");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("step of 10ms is too small, minimum step for given range is 60ms (at most 10000 intervals, Tempo's max_intervals)", await response.Content.ReadAsStringAsync());
    }
}
