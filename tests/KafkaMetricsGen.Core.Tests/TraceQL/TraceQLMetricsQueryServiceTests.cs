using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Wire.Tempo;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

public partial class TraceQLMetricsQueryServiceTests
{
    private const ulong Second = 1_000_000_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private const ulong NowNano = 1_700_000_000UL * Second;

    private sealed class Sources(Dictionary<string, IQuerySpanSource> map) : IQuerySpanSourceProvider
    {
        public IQuerySpanSource? Find(string tenant) => map.GetValueOrDefault(tenant);
    }

    /// <summary>Answers a peer call by running the other service directly (the HTTP path is covered in the exe tests).</summary>
    private sealed class InProcessPeers(Dictionary<Uri, TraceQLMetricsQueryService> services) : IMetricsPeerClient
    {
        public async Task<QueryRangeResponse> QueryLocalAsync(Uri peer, string tenant, MetricsQueryRequest request, CancellationToken cancellationToken) =>
            services.TryGetValue(peer, out var service)
                ? QueryResponseEncoder.ToRange(await service.QueryAsync(tenant, request, cancellationToken))
                : throw new HttpRequestException("connection refused");
    }

    private static ListSpanSource Spans(int from, int to)
    {
        var s = new ListSpanSource();
        for (var i = from; i < to; i++)
        {
            s.Add(NowNano - (ulong)(i % 50 + 1) * 10 * Second, (ulong)(i * 7919 % 100_000 + 3), service: "svc" + (i % 3), name: "op" + (i % 2),
                status: i % 5 == 0 ? StatusCode.Error : StatusCode.Ok);
        }

        return s;
    }

    private static TraceQLMetricsQueryService Service(IQuerySpanSource? source, string tenant = "t", IMetricsPeerClient? peers = null, params Uri[] peerUris)
    {
        var options = new TraceQLMetricsOptions();
        foreach (var p in peerUris)
        {
            options.Peers.Add(p);
        }

        var map = source is null ? new Dictionary<string, IQuerySpanSource>() : new Dictionary<string, IQuerySpanSource> { [tenant] = source };
        return new TraceQLMetricsQueryService(new Sources(map), options, new FakeTimeProvider(Now), peers);
    }

    private static MetricsQueryRequest Request(string q, bool instant = false) =>
        new(q, NowNano - 600 * Second, NowNano, instant ? 600 * Second : 30 * Second, 0, instant, Local: false);

    [Theory]
    [InlineData("{} | rate() by (resource.service.name)")]
    [InlineData("{ status = error } | count_over_time() by (name)")]
    [InlineData("{} | avg_over_time(duration) by (resource.service.name)")]
    [InlineData("{} | min_over_time(duration)")]
    [InlineData("{} | max_over_time(duration) by (name)")]
    [InlineData("{} | quantile_over_time(duration, .5, .9, .99) by (resource.service.name)")]
    [InlineData("{} | histogram_over_time(duration)")]
    [InlineData("{} | count_over_time() by (resource.service.name) | topk(2)")]
    public async Task Merging_two_halves_from_a_peer_equals_one_instance_with_everything(string q)
    {
        var single = await Service(Spans(0, 400)).QueryAsync("t", Request(q), default);
        var peerUri = new Uri("http://peer-b:3200/");
        var b = Service(Spans(200, 400));
        var a = Service(Spans(0, 200), peers: new InProcessPeers(new() { [peerUri] = b }), peerUris: peerUri);
        var merged = await a.QueryAsync("t", Request(q), default);
        AssertSameSeries(single, merged);
        Assert.Equal(400, merged.InspectedSpans);
        Assert.Null(merged.PartialMessage);
    }

    /// <summary>Same series, labels and timestamps; values equal up to float summation order.</summary>
    private static void AssertSameSeries(MetricsQueryResult expected, MetricsQueryResult actual)
    {
        var e = QueryResponseEncoder.ToRange(expected);
        var a = QueryResponseEncoder.ToRange(actual);
        Assert.Equal(e.Series.Count, a.Series.Count);
        Assert.NotEmpty(e.Series);
        for (var i = 0; i < e.Series.Count; i++)
        {
            Assert.Equal(e.Series[i].Labels, a.Series[i].Labels);
            Assert.Equal(e.Series[i].Samples.Select(s => s.TimestampMs), a.Series[i].Samples.Select(s => s.TimestampMs));
            for (var j = 0; j < e.Series[i].Samples.Count; j++)
            {
                var x = e.Series[i].Samples[j].Value;
                Assert.Equal(x, a.Series[i].Samples[j].Value, Math.Abs(x) * 1e-12);
            }
        }
    }

    [Fact]
    public async Task A_peer_that_fails_makes_the_answer_partial()
    {
        var peerUri = new Uri("http://down:3200/");
        var a = Service(Spans(0, 10), peers: new InProcessPeers([]), peerUris: peerUri);
        var result = await a.QueryAsync("t", Request("{} | rate()"), default);
        Assert.Equal("peer http://down:3200/ failed: connection refused", result.PartialMessage);
        Assert.Equal(PartialStatus.Partial, QueryResponseEncoder.ToRange(result).Status);
        Assert.NotEmpty(result.Series);
    }

    [Fact]
    public async Task A_tenant_sees_only_its_own_spans()
    {
        var service = Service(Spans(0, 10), tenant: "mine");
        Assert.NotEmpty((await service.QueryAsync("mine", Request("{} | count_over_time()"), default)).Series);
        Assert.Empty((await service.QueryAsync("other", Request("{} | count_over_time()"), default)).Series);
    }

    [Fact]
    public async Task A_start_older_than_the_retention_window_is_rejected()
    {
        var old = Request("{} | rate()") with { StartUnixNano = NowNano - 3_900 * Second - 1 };
        var e = await Assert.ThrowsAsync<TraceQLQueryException>(() => Service(Spans(0, 1)).QueryAsync("t", old, default));
        Assert.Equal("time range must be within last 1h0m0s", e.Message);
    }

    [Fact]
    public async Task Parse_errors_keep_their_position()
    {
        var e = await Assert.ThrowsAsync<TraceQLQueryException>(() => Service(Spans(0, 1)).QueryAsync("t", Request("{ .a = } | rate()"), default));
        Assert.StartsWith("parse error at line 1, col 8:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_without_a_metrics_function_is_rejected() =>
        await Assert.ThrowsAsync<TraceQLQueryException>(() => Service(Spans(0, 1)).QueryAsync("t", Request("{ .a = 1 }"), default));

    [Fact]
    public async Task Instant_queries_give_one_value_per_series()
    {
        var result = await Service(Spans(0, 100)).QueryAsync("t", Request("{} | count_over_time() by (resource.service.name)", instant: true), default);
        var response = QueryResponseEncoder.ToInstant(result);
        Assert.Equal(3, response.Series.Count);
        Assert.Equal(100, response.Series.Sum(s => s.Value));
    }

    [Fact]
    public async Task Json_follows_tempos_jsonpb_shape()
    {
        // Range (now-30s, now] at 15 s aligns to (now-50s, now+10s] with the padding interval; zero counts omit "value".
        var s = new ListSpanSource().Add(NowNano - 5 * Second, 10, service: "checkout");
        var result = await Service(s).QueryAsync("t", new MetricsQueryRequest("{} | count_over_time() by (resource.service.name)",
            NowNano - 30 * Second, NowNano, 15 * Second, 0, false, false), default);
        var json = QueryResponseEncoder.ToJson(QueryResponseEncoder.ToRange(result));
        Assert.Equal(
            "{ \"series\": [ { \"labels\": [ { \"key\": \"resource.service.name\", \"value\": { \"stringValue\": \"checkout\" } } ], "
            + "\"samples\": [ { \"timestampMs\": \"1699999965000\" }, { \"timestampMs\": \"1699999980000\" }, "
            + "{ \"value\": 1, \"timestampMs\": \"1699999995000\" }, { \"timestampMs\": \"1700000010000\" } ] } ], "
            + "\"metrics\": { \"completedJobs\": 1, \"totalJobs\": 1, \"inspectedSpans\": \"1\" } }",
            json);
    }
}
