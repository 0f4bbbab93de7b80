using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Core.Tenancy;

namespace KafkaMetricsGen.Offline;

/// <summary>
/// Sends every window of an offline run to one remote-write URL and waits until it is delivered. The URL replaces
/// <c>storage.remote_write</c>; the other settings (headers, credentials, TLS, proxy, queue) come from its first entry
/// when there is one.
/// </summary>
public static class OfflineRemoteWrite
{
    public static async Task<int> SendAsync(
        OfflinePipeline pipeline, RemoteWriteOptions configured, TenantSettings settings, string url, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(error);
        var template = configured.RemoteWrite.Count > 0 ? configured.RemoteWrite[0] : new RemoteWriteEndpointOptions();
        var endpoint = template.WithUrl(url);

        // Every window is written before sending starts; none may be dropped for want of room.
        endpoint.QueueConfig = new RemoteWriteQueueConfig
        {
            MaxSamplesPerSend = template.QueueConfig.MaxSamplesPerSend,
            MinBackoff = template.QueueConfig.MinBackoff,
            MaxBackoff = template.QueueConfig.MaxBackoff,
            RetryOnHttp429 = template.QueueConfig.RetryOnHttp429,
            SampleAgeLimit = template.QueueConfig.SampleAgeLimit,
            MaxPendingWindows = int.MaxValue,
        };
        var options = new RemoteWriteOptions { AddOrgIdHeader = configured.AddOrgIdHeader, FlushDeadline = configured.FlushDeadline };
        options.RemoteWrite.Add(endpoint);
        var overrides = new RemoteWriteTenantOverrides();
        foreach (var header in settings.RemoteWriteOverrides.Headers)
        {
            overrides.Headers[header.Key] = header.Value;
        }

        using var http = new RemoteWriteHttpClients();
        using var remoteWrite = new TenantRemoteWrite(options, pipeline.Tenant, overrides, http, TimeProvider.System);
        var queue = remoteWrite.Queues[0];
        var failed = RemoteWriteMetrics.SamplesFailed.WithLabels(pipeline.Tenant, queue.Endpoint.Name);
        var sent = RemoteWriteMetrics.SamplesSent.WithLabels(pipeline.Tenant, queue.Endpoint.Name);
        var failedBefore = failed.Value;
        var sentBefore = sent.Value;

        var windows = pipeline.Finish(remoteWrite);
        var complete = await remoteWrite.FlushAsync(options.FlushDeadline, cancellationToken).ConfigureAwait(false);
        var rejected = failed.Value - failedBefore;
        await error.WriteLineAsync($"remote write: {windows} windows, {sent.Value - sentBefore} samples sent to {ConfigSecrets.RedactUrl(url)}").ConfigureAwait(false);
        if (!complete)
        {
            await error.WriteLineAsync($"error: remote write to {ConfigSecrets.RedactUrl(url)} did not finish within {options.FlushDeadline.TotalSeconds} s; the rest was dropped").ConfigureAwait(false);
            return ProcessDefaults.ExitFailed;
        }

        if (rejected > 0)
        {
            await error.WriteLineAsync($"error: {ConfigSecrets.RedactUrl(url)} rejected {rejected} items (see the receiver's log: samples too old or out of order?)").ConfigureAwait(false);
            return ProcessDefaults.ExitFailed;
        }

        return ProcessDefaults.ExitOk;
    }
}
