using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Wire.Tempo;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

/// <summary>Exemplars through the service: the requested count, peers asked for it, merged and capped once more.</summary>
public partial class TraceQLMetricsQueryServiceTests
{
    /// <summary>Remembers what the merging instance asked its peer for.</summary>
    private sealed class RecordingPeers(IMetricsPeerClient inner) : IMetricsPeerClient
    {
        public List<MetricsQueryRequest> Requests { get; } = [];

        public Task<QueryRangeResponse> QueryLocalAsync(Uri peer, string tenant, MetricsQueryRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return inner.QueryLocalAsync(peer, tenant, request, cancellationToken);
        }
    }

    /// <summary>One span per trace (trace ids from+1 .. to), starting <paramref name="secondsAgo"/>(i) before now.</summary>
    private static ListSpanSource Traced(int from, int to, Func<int, int> secondsAgo)
    {
        var s = new ListSpanSource();
        for (var i = from; i < to; i++)
        {
            s.Add(NowNano - (ulong)secondsAgo(i) * Second, 1000, traceLow: (ulong)i + 1);
        }

        return s;
    }

    private static IEnumerable<string> TraceIds(MetricsQueryResult r) =>
        r.Series.SelectMany(x => x.Exemplars).Select(e => e.Labels.Single(l => l.Name == TraceQLKeywords.TraceIdLabel).Value.String!);

    [Fact]
    public async Task Peers_are_asked_for_the_settled_count_and_their_exemplars_are_merged()
    {
        // Range (now-600s, now] aligns to 660 s; four exemplars make two buckets of 330 s. a holds the older half of the
        // range, b the newer, so each fills one bucket.
        var peerUri = new Uri("http://peer-b:3200/");
        var b = Service(Traced(100, 150, i => i - 99));
        var peers = new RecordingPeers(new InProcessPeers(new() { [peerUri] = b }));
        var a = Service(Traced(0, 50, i => 500 - i), peers: peers, peerUris: peerUri);
        var result = await a.QueryAsync("t", Request("{} | count_over_time()") with { Exemplars = 4 }, default);

        Assert.Equal(4U, Assert.Single(peers.Requests).Exemplars);
        var ids = TraceIds(result).Select(id => Convert.ToInt32(id, 16)).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(2, ids.Count(id => id <= 50));
        Assert.Equal(2, ids.Count(id => id > 100));
        var series = result.Series.Single();
        Assert.All(series.Exemplars, e => Assert.Equal(series.Values[result.Range.IntervalOf((ulong)e.TimestampMs * 1_000_000)], e.Value));
    }

    [Fact]
    public async Task The_cap_applies_again_after_the_merge()
    {
        // Both instances have exemplars for the same stretch of time; two exemplars are one bucket of two in all.
        var peerUri = new Uri("http://peer-b:3200/");
        var b = Service(Traced(100, 150, i => i - 99));
        var a = Service(Traced(0, 50, i => i + 1), peers: new InProcessPeers(new() { [peerUri] = b }), peerUris: peerUri);
        var result = await a.QueryAsync("t", Request("{} | count_over_time()") with { Exemplars = 2 }, default);
        Assert.Equal(2, TraceIds(result).Count());
    }

    [Fact]
    public async Task A_local_answer_keeps_its_placeholder_exemplars_for_the_merging_instance()
    {
        var request = Request("{} | count_over_time()") with { Exemplars = 4, Local = true };
        var response = QueryResponseEncoder.ToRange(await Service(Traced(0, 20, i => i + 1)).QueryAsync("t", request, default));
        var exemplars = Assert.Single(response.Series).Exemplars;
        Assert.NotEmpty(exemplars);
        Assert.All(exemplars, e => Assert.True(double.IsNaN(e.Value)));
    }

    [Fact]
    public async Task Instant_queries_and_a_zero_count_return_no_exemplars()
    {
        var service = Service(Traced(0, 20, i => i + 1));
        var instant = await service.QueryAsync("t", Request("{} | count_over_time()", instant: true) with { Exemplars = 10 }, default);
        Assert.Empty(TraceIds(instant));
        var none = await service.QueryAsync("t", Request("{} | count_over_time()") with { Exemplars = 0 }, default);
        Assert.NotEmpty(none.Series);
        Assert.Empty(TraceIds(none));
    }
}
