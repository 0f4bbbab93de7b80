using System.Globalization;
using System.Text.Json;
using KafkaMetricsGen.Wire.Tempo;

namespace KafkaMetricsGen.Tests.Http;

/// <summary>
/// Exemplars over HTTP: ids, values and times of the stored spans, the count parameter and its caps, peers.
/// Forty or more spans start 7 s to 280 s before now; the range, 10 min at 30 s, aligns to 630 s. N exemplars cut it into
/// N/2 buckets and only those over the last 280 s hold spans: 20 make ten 63 s buckets, five with spans, ten exemplars.
/// </summary>
public sealed partial class TraceQLMetricsEndpointsTests
{
    /// <summary>The span <see cref="Traces"/> wrote as number <paramref name="i"/>: Tempo's trace id text, span id, start.</summary>
    private static (string TraceId, string SpanId, long StartMs) SpanNumber(int i) => (
        "1" + new string('0', 28) + ((byte)(i + 1)).ToString("x2", CultureInfo.InvariantCulture),
        "000000000000" + ((byte)(i >> 8)).ToString("x2", CultureInfo.InvariantCulture) + ((byte)(i + 1)).ToString("x2", CultureInfo.InvariantCulture),
        (long)((NowNano - (ulong)(i % 40 + 1) * 7 * Second) / 1_000_000));

    private static int NumberOf(string traceId) => Convert.ToInt32(traceId[^2..], 16) - 1;

    private async Task<QueryRangeResponse> RangeProto(string address, string q, string extra = "") =>
        QueryRangeResponse.Parser.ParseFrom(await (await Get(address, Range(q, extra), protobuf: true)).Content.ReadAsByteArrayAsync());

    [Fact]
    public async Task Json_exemplars_name_the_trace_and_span_and_carry_the_sample_value_and_span_start()
    {
        var address = await StartInstance("exjson", 0, 40);
        var response = await Get(address, Range("{} | count_over_time() by (resource.service.name)", "&exemplars=20"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var count = 0;
        foreach (var series in json.RootElement.GetProperty("series").EnumerateArray())
        {
            var samples = series.GetProperty("samples").EnumerateArray()
                .ToDictionary(x => x.GetProperty("timestampMs").GetString()!, x => x.TryGetProperty("value", out var v) ? v.GetDouble() : 0);
            if (!series.TryGetProperty("exemplars", out var exemplars))
            {
                continue;
            }

            foreach (var e in exemplars.EnumerateArray())
            {
                count++;
                var labels = e.GetProperty("labels").EnumerateArray()
                    .ToDictionary(l => l.GetProperty("key").GetString()!, l => l.GetProperty("value").GetProperty("stringValue").GetString()!);
                Assert.Equal(["trace:id", "span:id"], labels.Keys);
                var expected = SpanNumber(NumberOf(labels["trace:id"]));
                Assert.Equal(expected.TraceId, labels["trace:id"]);
                Assert.Equal(expected.SpanId, labels["span:id"]);
                Assert.Equal(JsonValueKind.String, e.GetProperty("timestampMs").ValueKind);
                var ms = long.Parse(e.GetProperty("timestampMs").GetString()!, CultureInfo.InvariantCulture);
                Assert.Equal(expected.StartMs, ms);

                // A count exemplar takes the value of the sample of its interval (stamped at the interval's end).
                var end = (ms % 30_000 == 0 ? ms : ms - ms % 30_000 + 30_000).ToString(CultureInfo.InvariantCulture);
                Assert.Equal(samples[end], e.GetProperty("value").GetDouble());
            }
        }

        Assert.Equal(10, count);
    }

    [Fact]
    public async Task Protobuf_exemplars_of_a_duration_function_carry_the_span_duration_in_seconds()
    {
        var address = await StartInstance("exproto", 0, 40);
        var body = await RangeProto(address, "{} | max_over_time(duration)", "&exemplars=20");
        var exemplars = Assert.Single(body.Series).Exemplars;
        Assert.Equal(10, exemplars.Count);
        foreach (var e in exemplars)
        {
            var i = NumberOf(e.Labels[0].Value.StringValue);
            Assert.Equal((i * 7919 % 1_000_000 + 3) / 1e9, e.Value);
            Assert.Equal(SpanNumber(i).StartMs, e.TimestampMs);
        }

        Assert.Equal(exemplars.Select(e => e.TimestampMs).Order(), exemplars.Select(e => e.TimestampMs));
    }

    [Fact]
    public async Task The_count_defaults_to_max_exemplars_zero_means_the_default_and_max_exemplars_caps_it()
    {
        var address = await StartInstance("excount", 0, 200);
        const string q = "{} | count_over_time()";
        var byDefault = (await RangeProto(address, q)).Series.Sum(s => s.Exemplars.Count);
        Assert.InRange(byDefault, 11, 100);
        Assert.Equal(byDefault, (await RangeProto(address, q, "&exemplars=0")).Series.Sum(s => s.Exemplars.Count));

        // Six make three 210 s buckets; the spans fill the last two.
        Assert.Equal(4, (await RangeProto(address, q, "&exemplars=6")).Series.Sum(s => s.Exemplars.Count));

        var capped = await StartInstance("excapped", 0, 200, "acme", 3);
        Assert.InRange((await RangeProto(capped, q, "&exemplars=50")).Series.Sum(s => s.Exemplars.Count), 1, 3);
        var none = await StartInstance("exnone", 0, 200, "acme", 0);
        var body = await RangeProto(none, q);
        Assert.NotEmpty(body.Series);
        Assert.All(body.Series, s => Assert.Empty(s.Exemplars));
    }

    [Fact]
    public async Task Instant_queries_carry_no_exemplars()
    {
        var address = await StartInstance("exinstant", 0, 30);
        var response = await Get(address, "/api/metrics/query?q=" + Uri.EscapeDataString("{} | count_over_time()") + "&since=10m&exemplars=10");
        Assert.DoesNotContain("exemplars", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peers_exemplars_reach_the_merged_answer_with_their_values_filled_in()
    {
        var b = await StartInstance("exb", 0, 40);
        var a = await StartInstance("exa", 0, 0, new Uri(b));
        var body = await RangeProto(a, "{} | count_over_time()", "&exemplars=20");
        var series = Assert.Single(body.Series);
        Assert.Equal(10, series.Exemplars.Count);
        Assert.All(series.Exemplars, e => Assert.Contains(series.Samples, s => s.Value == e.Value && s.TimestampMs >= e.TimestampMs));
    }

    [Theory]
    [InlineData("{} | count_over_time()")]
    [InlineData("{} | quantile_over_time(duration, .5, .99)")]
    public async Task Two_instances_each_with_half_give_as_many_exemplars_as_one_with_all(string q)
    {
        var single = await StartInstance("exsingle", 0, 200);
        var b = await StartInstance("exhalfb", 100, 200);
        var a = await StartInstance("exhalfa", 0, 100, new Uri(b));
        var expected = (await RangeProto(single, q, "&exemplars=6")).Series.Sum(s => s.Exemplars.Count);
        var merged = await RangeProto(a, q, "&exemplars=6");
        Assert.InRange(expected, 1, 6);
        Assert.Equal(expected, merged.Series.Sum(s => s.Exemplars.Count));
        Assert.All(merged.Series.SelectMany(s => s.Exemplars), e => Assert.False(double.IsNaN(e.Value)));
    }
}
