using Google.Protobuf.Collections;
using KafkaMetricsGen.Wire.Tempo;

namespace KafkaMetricsGen.Tests.Http;

public sealed partial class TraceQLMetricsEndpointsTests
{
    private async Task<RepeatedField<TimeSeries>> Series(string address, string q)
    {
        var response = await Get(address, Range(q), protobuf: true);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return QueryRangeResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Series;
    }

    private static Dictionary<long, double> Points(TimeSeries series) => series.Samples.ToDictionary(s => s.TimestampMs, s => s.Value);

    [Fact]
    public async Task Arithmetic_between_queries_answers_the_ratio_of_their_points()
    {
        var address = await StartInstance("ratio", 0, 120);
        var errors = Points(Assert.Single(await Series(address, "{ status = error } | count_over_time()")));
        var all = Points(Assert.Single(await Series(address, "{ } | count_over_time()")));
        var ratio = Assert.Single(await Series(address, "({ status = error } | count_over_time()) / ({ } | count_over_time()) * 100"));

        Assert.Equal("(count_over_time / count_over_time)", Assert.Single(ratio.Labels, l => l.Key == "__name__").Value.StringValue);
        var expected = all.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => errors.GetValueOrDefault(p.Key) / p.Value * 100);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(p => p.Key), Points(ratio).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task A_filter_after_a_metrics_function_drops_the_points_that_fail_it()
    {
        var address = await StartInstance("filter", 0, 120);
        var unfiltered = await Series(address, "{ } | count_over_time() by (name)");
        var filtered = await Series(address, "{ } | count_over_time() by (name) > 1");

        var expected = unfiltered.SelectMany(s => s.Samples.Where(p => p.Value > 1).Select(p => (s.Labels[0].Value.StringValue, p.TimestampMs, p.Value))).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < unfiltered.Sum(s => s.Samples.Count));
        Assert.Equal(expected, filtered.SelectMany(s => s.Samples.Select(p => (s.Labels[0].Value.StringValue, p.TimestampMs, p.Value))).ToList());
    }
}
