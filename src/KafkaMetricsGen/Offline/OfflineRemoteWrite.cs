using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Core.Tenancy;

namespace KafkaMetricsGen.Offline;

/// <summary>
/// Sends every window of an offline run through remote write and waits until it is delivered: to one URL
/// (<c>--remote-write</c>, which replaces <c>storage.remote_write</c> and takes the other settings of its first entry
/// when there is one), or through every configured entry with the tenant's overrides (<c>--remote-write-config</c>),
/// exactly as the worker would send them, so a remote-write block can be checked against its receiver before deploying.
/// </summary>
public static class OfflineRemoteWrite
{
    public static Task<int> SendAsync(
        OfflinePipeline pipeline, RemoteWriteOptions configured, TenantSettings settings, string url, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(settings);
        var template = configured.RemoteWrite.Count > 0 ? configured.RemoteWrite[0] : new RemoteWriteEndpointOptions();
        var options = new RemoteWriteOptions { AddOrgIdHeader = configured.AddOrgIdHeader, FlushDeadline = configured.FlushDeadline };
        options.RemoteWrite.Add(Unbounded(template.WithUrl(url)));
        var overrides = new RemoteWriteTenantOverrides();
        foreach (var header in settings.RemoteWriteOverrides.Headers)
        {
            overrides.Headers[header.Key] = header.Value;
        }

        return SendAsync(pipeline, options, overrides, error, cancellationToken);
    }

    /// <summary>Sends through every <c>storage.remote_write</c> entry, with the tenant's <c>remote_write_*</c> overrides.</summary>
    public static Task<int> SendThroughConfigAsync(
        OfflinePipeline pipeline, RemoteWriteOptions configured, TenantSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(settings);
        var options = new RemoteWriteOptions { AddOrgIdHeader = configured.AddOrgIdHeader, FlushDeadline = configured.FlushDeadline };
        foreach (var entry in configured.RemoteWrite)
        {
            options.RemoteWrite.Add(Unbounded(entry.WithUrl(entry.Url)));
        }

        return SendAsync(pipeline, options, settings.RemoteWriteOverrides, error, cancellationToken);
    }

    private static async Task<int> SendAsync(
        OfflinePipeline pipeline, RemoteWriteOptions options, RemoteWriteTenantOverrides overrides, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(error);
        using var http = new RemoteWriteHttpClients();
        using var remoteWrite = new TenantRemoteWrite(options, pipeline.Tenant, overrides, http, TimeProvider.System);
        var before = remoteWrite.Queues.Select(q => (Sent: Sent(pipeline.Tenant, q), Failed: Failed(pipeline.Tenant, q))).ToArray();

        var windows = pipeline.Finish(remoteWrite);
        var complete = await remoteWrite.FlushAsync(options.FlushDeadline, cancellationToken).ConfigureAwait(false);
        var exit = ProcessDefaults.ExitOk;
        for (var i = 0; i < remoteWrite.Queues.Count; i++)
        {
            var queue = remoteWrite.Queues[i];
            var url = ConfigSecrets.RedactUrl(queue.Endpoint.Url.ToString());
            var rejected = Failed(pipeline.Tenant, queue) - before[i].Failed;
            await error.WriteLineAsync($"remote write: {windows} windows, {Sent(pipeline.Tenant, queue) - before[i].Sent} samples sent to {url}").ConfigureAwait(false);
            if (rejected > 0)
            {
                await error.WriteLineAsync($"error: {url} rejected {rejected} items (see the receiver's log: samples too old or out of order, or the credentials?)").ConfigureAwait(false);
                exit = ProcessDefaults.ExitFailed;
            }
        }

        if (!complete)
        {
            await error.WriteLineAsync($"error: remote write did not finish within {options.FlushDeadline.TotalSeconds} s; the rest was dropped").ConfigureAwait(false);
            exit = ProcessDefaults.ExitFailed;
        }

        return exit;
    }

    /// <summary>Every window is written before sending starts; none may be dropped for want of room.</summary>
    private static RemoteWriteEndpointOptions Unbounded(RemoteWriteEndpointOptions entry)
    {
        var queue = entry.QueueConfig;
        entry.QueueConfig = new RemoteWriteQueueConfig
        {
            MaxSamplesPerSend = queue.MaxSamplesPerSend,
            MinBackoff = queue.MinBackoff,
            MaxBackoff = queue.MaxBackoff,
            RetryOnHttp429 = queue.RetryOnHttp429,
            SampleAgeLimit = queue.SampleAgeLimit,
            MaxPendingWindows = int.MaxValue,
            Capacity = int.MaxValue,
            MinShards = queue.MinShards,
            MaxShards = queue.MaxShards,
        };
        return entry;
    }

    private static double Sent(string tenant, RemoteWriteQueue queue) => RemoteWriteMetrics.SamplesSent.WithLabels(tenant, queue.Endpoint.Name).Value;

    private static double Failed(string tenant, RemoteWriteQueue queue) => RemoteWriteMetrics.SamplesFailed.WithLabels(tenant, queue.Endpoint.Name).Value;
}
