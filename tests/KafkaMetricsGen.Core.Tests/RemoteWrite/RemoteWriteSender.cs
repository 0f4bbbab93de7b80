using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Sends one sample of a fresh metric through a remote-write entry, as the sink does, and reports what happened.</summary>
internal static class RemoteWriteSender
{
    /// <summary>Appends <c>metric 42</c> at now for a fresh tenant, flushes within <paramref name="deadline"/>, and
    /// returns whether everything left the queue and the tenant (for its self-metrics).</summary>
    public static async Task<(bool Flushed, string Tenant)> SendAsync(RemoteWriteEndpointOptions entry, string metric, TimeSpan deadline, RemoteWriteTenantOverrides? overrides = null)
    {
        var tenant = "tls-" + Guid.NewGuid().ToString("N")[..8];
        using var clients = new RemoteWriteHttpClients();
        using var writer = new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, tenant, overrides, clients, TimeProvider.System);
        writer.AppendSample(TestLabels.Of("__name__", metric), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 42);
        writer.Commit(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return (await writer.FlushAsync(deadline), tenant);
    }

    public static double Requests(string tenant, string status) => RemoteWriteMetrics.Requests.WithLabels(tenant, "0", status).Value;

    public static double Failed(string tenant) => RemoteWriteMetrics.SamplesFailed.WithLabels(tenant, "0").Value;

    /// <summary>The metric's value in <paramref name="prometheus"/>, or null when it did not arrive.</summary>
    public static Task<double?> ValueAsync(PrometheusServer prometheus, string metric) => prometheus.QueryValueAsync(metric);

    public static string Metric(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8];
}
