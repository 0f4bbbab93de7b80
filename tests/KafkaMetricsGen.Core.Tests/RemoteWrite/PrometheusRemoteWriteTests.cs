using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>End to end against a real Prometheus: what the encoder and queue send is stored and queryable.</summary>
public sealed class PrometheusRemoteWriteTests : IClassFixture<PrometheusServer>, IDisposable
{
    private readonly PrometheusServer _prometheus;
    private readonly RemoteWriteHttpClients _http = new();
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public PrometheusRemoteWriteTests(PrometheusServer prometheus) => _prometheus = prometheus;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_counter_is_stored_with_its_first_zero_sample_and_queryable()
    {
        var calls = TestLabels.Of("__name__", "rw_calls_total", "service", "checkout");
        var tenant = await WriteAsync(w =>
        {
            w.AppendSample(calls, Ms(-60), 0);
            w.AppendSample(calls, Ms(-15), 10);
        });

        Assert.Equal(10, await _prometheus.QueryValueAsync("rw_calls_total{service=\"checkout\"}", _now));
        var increase = await _prometheus.QueryValueAsync("increase(rw_calls_total[2m])", _now);
        Assert.True(increase >= 10, $"increase was {increase}");
        Assert.Equal(2, RemoteWriteMetrics.SamplesSent.WithLabels(tenant, "0").Value);
    }

    [Fact]
    public async Task A_classic_histogram_answers_histogram_quantile()
    {
        await WriteAsync(w =>
        {
            foreach (var (le, count) in new[] { ("0.1", 2.0), ("1", 6.0), ("+Inf", 8.0) })
            {
                w.AppendSample(TestLabels.Of("__name__", "rw_latency_bucket", "le", le), Ms(-15), count);
            }

            w.AppendSample(TestLabels.Of("__name__", "rw_latency_sum"), Ms(-15), 3);
            w.AppendSample(TestLabels.Of("__name__", "rw_latency_count"), Ms(-15), 8);
        });

        // The 4th of 8 observations lies in (0.1, 1], which holds 4 after 2 below: 0.1 + 0.9 · 2/4.
        var median = await _prometheus.QueryValueAsync("histogram_quantile(0.5, rw_latency_bucket)", _now);
        Assert.Equal(0.55, median!.Value, 6);
        Assert.Equal(8, await _prometheus.QueryValueAsync("rw_latency_count", _now));
    }

    [Fact]
    public async Task A_native_histogram_is_stored_as_a_histogram()
    {
        var histogram = new NativeHistogramSample
        {
            TimestampMs = Ms(-15),
            Schema = 0,
            ZeroThreshold = 2.938735877055719e-39,
            ZeroCount = 1,
            Count = 7,
            Sum = 12.5,
        };
        histogram.PositiveSpans.Add((0, 3));
        histogram.PositiveDeltas.AddRange([1, 1, 1]);
        await WriteAsync(w => w.AppendHistogram(TestLabels.Of("__name__", "rw_native_seconds", "service", "a"), histogram));

        Assert.Equal(7, await _prometheus.QueryValueAsync("histogram_count(rw_native_seconds)", _now));
        Assert.Equal(12.5, await _prometheus.QueryValueAsync("histogram_sum(rw_native_seconds)", _now));
        var raw = await _prometheus.QueryAsync("rw_native_seconds", _now);
        Assert.True(raw[0].TryGetProperty("histogram", out _), raw.ToString());
    }

    [Fact]
    public async Task An_exemplar_is_returned_by_the_exemplar_api()
    {
        var bucket = TestLabels.Of("__name__", "rw_exemplar_bucket", "le", "0.5");
        await WriteAsync(w =>
        {
            w.AppendSample(bucket, Ms(-15), 1);
            w.AppendExemplar(bucket, new ExemplarSample("traceID", "4bf92f3577b34da6a3ce929d0e0e4736", 0.42, Ms(-15)));
        });

        var result = await _prometheus.QueryExemplarsAsync("rw_exemplar_bucket", _now.AddMinutes(-1), _now);
        var exemplar = Assert.Single(Assert.Single(result.EnumerateArray()).GetProperty("exemplars").EnumerateArray());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", exemplar.GetProperty("labels").GetProperty("traceID").GetString());
        Assert.Equal("0.42", exemplar.GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_series_disappears_from_instant_queries_after_its_staleness_marker()
    {
        var labels = TestLabels.Of("__name__", "rw_stale_info", "service", "gone");
        await WriteAsync(w => w.AppendSample(labels, Ms(-45), 1));
        await WriteAsync(w => w.AppendSample(labels, Ms(-30), StaleMarker.Value));

        Assert.Equal(1, await _prometheus.QueryValueAsync("rw_stale_info", _now.AddSeconds(-40)));
        Assert.Null(await _prometheus.QueryValueAsync("rw_stale_info", _now.AddSeconds(-20)));
    }

    [Fact]
    public async Task Older_samples_are_accepted_inside_the_out_of_order_window_for_backfill()
    {
        var labels = TestLabels.Of("__name__", "rw_backfill_total");
        await WriteAsync(w => w.AppendSample(labels, Ms(-15), 5));
        await WriteAsync(w => w.AppendSample(labels, Ms(-1200), 2));

        Assert.Equal(2, await _prometheus.QueryValueAsync("rw_backfill_total", _now.AddSeconds(-1190)));
        Assert.Equal(5, await _prometheus.QueryValueAsync("rw_backfill_total", _now));
    }

    [Fact]
    public async Task Exactly_the_series_the_relabel_rules_keep_reach_prometheus_with_their_labels()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var entry = new RemoteWriteEndpointOptions { Url = _prometheus.RemoteWriteUrl.ToString() };
        entry.WriteRelabelConfigs.AddRange([
            new RelabelConfig { SourceLabels = ["__name__"], Regex = "rw_relabel_(debug|internal)_.*", Action = RelabelConfig.Drop },
            new RelabelConfig { SourceLabels = ["service"], TargetLabel = "app" },
            new RelabelConfig { Regex = "service|span_.*", Action = RelabelConfig.LabelDrop },
        ]);
        var tenant = "relabel-" + id;
        using var writer = new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, tenant, null, _http, TimeProvider.System);
        foreach (var name in (string[])["rw_relabel_calls_" + id, "rw_relabel_debug_" + id, "rw_relabel_internal_" + id, "rw_relabel_latency_" + id])
        {
            writer.AppendSample(TestLabels.Of("__name__", name, "service", "checkout", "span_kind", "SPAN_KIND_SERVER"), Ms(0), 3);
        }

        writer.Commit(Ms(0));
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)), _prometheus.Log);

        var series = await _prometheus.SeriesAsync($"{{__name__=~\"rw_relabel_.*_{id}\"}}", _now.AddMinutes(-5), _now.AddMinutes(5));
        var found = series.EnumerateArray()
            .Select(s => string.Join(",", s.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value.GetString())))
            .Order(StringComparer.Ordinal);
        Assert.Equal([$"__name__=rw_relabel_calls_{id},app=checkout", $"__name__=rw_relabel_latency_{id},app=checkout"], found);
    }

    [Fact]
    public async Task A_2_0_entry_falls_back_to_1_0_for_this_prometheus_and_every_series_lands()
    {
        // This Prometheus speaks 1.0 only: it answers a 2.0 body with 204, stores nothing and sends no Written headers.
        var tenant = "v2-" + Guid.NewGuid().ToString("N")[..8];
        var entry = new RemoteWriteEndpointOptions { Url = _prometheus.RemoteWriteUrl.ToString(), ProtobufMessage = RemoteWriteMessage.V2 };
        using var writer = new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, tenant, null, _http, TimeProvider.System);
        var first = TestLabels.Of("__name__", "rw_v2_first_total", "tenant_id", tenant);
        writer.AppendSample(first, Ms(-30), 0);
        writer.AppendSample(first, Ms(-15), 4);
        writer.Commit(Ms(-15));
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)), _prometheus.Log);
        writer.AppendSample(TestLabels.Of("__name__", "rw_v2_second_total", "tenant_id", tenant), Ms(0), 9);
        writer.Commit(Ms(0));
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)), _prometheus.Log);

        Assert.Equal(4, await _prometheus.QueryValueAsync($"rw_v2_first_total{{tenant_id=\"{tenant}\"}}", _now.AddSeconds(-10)));
        Assert.Equal(9, await _prometheus.QueryValueAsync($"rw_v2_second_total{{tenant_id=\"{tenant}\"}}", _now));
        Assert.Equal(1, RemoteWriteMetrics.V1Fallbacks.WithLabels(tenant, "0").Value);
        Assert.Equal(3, RemoteWriteMetrics.Requests.WithLabels(tenant, "0", "204").Value);
        Assert.Equal(RemoteWriteMessage.V1, writer.Queues[0].Message);
    }

    private long Ms(int secondsFromNow) => _now.AddSeconds(secondsFromNow).ToUnixTimeMilliseconds();

    /// <summary>Appends one collection for a fresh tenant (so the X-Scope-OrgID header is sent) and waits until it is sent.</summary>
    private async Task<string> WriteAsync(Action<ISeriesAppender> collect)
    {
        var tenant = "it-" + Guid.NewGuid().ToString("N")[..8];
        var options = new RemoteWriteOptions { RemoteWrite = [new RemoteWriteEndpointOptions { Url = _prometheus.RemoteWriteUrl.ToString() }] };
        using var writer = new TenantRemoteWrite(options, tenant, null, _http, TimeProvider.System);
        collect(writer);
        writer.Commit(_now.ToUnixTimeMilliseconds());
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)), _prometheus.Log);
        Assert.Equal(0, RemoteWriteMetrics.SamplesFailed.WithLabels(tenant, "0").Value);
        return tenant;
    }
}
