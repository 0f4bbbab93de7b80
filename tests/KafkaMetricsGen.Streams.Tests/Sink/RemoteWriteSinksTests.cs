using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>Per-tenant remote_write_url and remote_write_headers, re-applied when the overrides change while running.</summary>
public sealed class RemoteWriteSinksTests(PrometheusServer first) : IClassFixture<PrometheusServer>
{
    private readonly ConcurrentDictionary<string, RemoteWriteTenantOverrides> _overrides = new(StringComparer.Ordinal);

    [Fact]
    public async Task Two_tenants_write_into_their_own_prometheus_and_a_url_reload_keeps_the_buffered_windows()
    {
        await using var second = new PrometheusServer();
        await second.InitializeAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var (a, b) = ("team-a-" + id, "team-b-" + id);
        _overrides[a] = new RemoteWriteTenantOverrides { Url = first.RemoteWriteUrl.ToString() };
        _overrides[b] = new RemoteWriteTenantOverrides { Url = UnreachableUrl() };
        var now = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();

        // The entry's queue settings (fast retries) apply to the tenants' own URLs too.
        var entry = new RemoteWriteEndpointOptions { Url = "http://127.0.0.1:9/unused" };
        entry.QueueConfig.MinBackoff = entry.QueueConfig.MaxBackoff = TimeSpan.FromMilliseconds(100);
        await using (var sinks = new RemoteWriteSinks(new RemoteWriteOptions { RemoteWrite = [entry] }, Overrides, TimeProvider.System))
        {
            Write(sinks, a, "rw_tenant_a_" + id, now - 15_000);
            Write(sinks, b, "rw_tenant_b_buffered_" + id, now - 15_000);
            await WaitAsync(() => RemoteWriteMetrics.Requests.WithLabels(b, "tenant", RemoteWriteMetricNames.StatusNetworkError).Value > 0);

            // The overrides reload moves team-b to the second Prometheus; its window buffered for the dead URL follows.
            _overrides[b] = new RemoteWriteTenantOverrides { Url = second.RemoteWriteUrl.ToString() };
            Write(sinks, b, "rw_tenant_b_" + id, now);
            Assert.True(await sinks.FlushAsync(TimeSpan.FromSeconds(60)), second.Log);
        }

        Assert.Equal(1, await first.QueryValueAsync($"rw_tenant_a_{id}"));
        Assert.Null(await second.QueryValueAsync($"rw_tenant_a_{id}"));
        Assert.Equal(1, await second.QueryValueAsync($"rw_tenant_b_buffered_{id}"));
        Assert.Equal(1, await second.QueryValueAsync($"rw_tenant_b_{id}"));
        Assert.Null(await first.QueryValueAsync($"rw_tenant_b_{id}"));
    }

    [Fact]
    public async Task Headers_changed_while_running_apply_from_the_next_window_on()
    {
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync();
        var tenant = "headers-" + Guid.NewGuid().ToString("N")[..8];
        var entry = new RemoteWriteEndpointOptions { Url = receiver.Url.ToString(), Authorization = new AuthorizationOptions { Credentials = "entry-token" } };
        _overrides[tenant] = Headers(("X-Team", "blue"));
        await using var sinks = new RemoteWriteSinks(new RemoteWriteOptions { RemoteWrite = [entry] }, Overrides, TimeProvider.System);

        // The receiver records a write before it answers: until the sender has the 2xx, the window is still queued,
        // and a reload would cancel that request and send the window again with the new headers. So each reload
        // waits until the queue is empty.
        Write(sinks, tenant, "up", 15_000);
        await receiver.WaitForWritesAsync(1);
        await WaitAsync(() => sinks.PendingWindows == 0);
        _overrides[tenant] = Headers(("X-Team", "green"), ("Authorization", "Bearer tenant-token"));
        Write(sinks, tenant, "up", 30_000);
        await receiver.WaitForWritesAsync(2);
        await WaitAsync(() => sinks.PendingWindows == 0);
        _overrides.TryRemove(tenant, out _);
        Write(sinks, tenant, "up", 45_000);
        var writes = await receiver.WaitForWritesAsync(3);

        Assert.Equal(["blue", "green", null], writes.Select(w => w.Header("X-Team")));
        Assert.Equal(["Bearer entry-token", "Bearer tenant-token", "Bearer entry-token"], writes.Select(w => w.Header("Authorization")));
        Assert.All(writes, w => Assert.Equal(tenant, w.Header("X-Scope-OrgID")));
    }

    private RemoteWriteTenantOverrides? Overrides(string tenant) => _overrides.TryGetValue(tenant, out var o) ? o : null;

    private static RemoteWriteTenantOverrides Headers(params (string Name, string Value)[] headers)
    {
        var overrides = new RemoteWriteTenantOverrides();
        foreach (var (name, value) in headers)
        {
            overrides.Headers[name] = value;
        }

        return overrides;
    }

    private static void Write(RemoteWriteSinks sinks, string tenant, string metric, long timestampMs)
    {
        var appender = sinks.For(tenant);
        appender.AppendSample(new LabelSet(["__name__"], [metric], 1, LabelSet.ComputeHash(["__name__"], [metric])), timestampMs, 1);
        appender.Commit(timestampMs);
    }

    private static string UnreachableUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/api/v1/write";
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
