using System.Collections.Concurrent;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Worker;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// The remote-write sink stage: one <see cref="TenantRemoteWrite"/> per tenant (an encoder and a sending queue per
/// endpoint). Encoding happens on the stream thread at window close; sending runs in the background, so a slow or
/// failing receiver delays samples (bounded by the queue) without stalling the stream. Windows are retried until a 2xx.
/// </summary>
public sealed class RemoteWriteSinks : ITenantSinks, IAsyncDisposable
{
    private readonly RemoteWriteOptions _options;
    private readonly Func<string, RemoteWriteTenantOverrides?> _overrides;
    private readonly TimeProvider _time;
    private readonly WorkerStatus? _status;
    private readonly RemoteWriteHttpClients _http = new();
    private readonly ConcurrentDictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="options">The configured endpoints.</param>
    /// <param name="overrides">Per-tenant headers and URL (null: none).</param>
    public RemoteWriteSinks(RemoteWriteOptions options, Func<string, RemoteWriteTenantOverrides?> overrides, TimeProvider time, WorkerStatus? status = null)
    {
        _options = options;
        _overrides = overrides;
        _time = time;
        _status = status;
    }

    public IEnumerable<RemoteWriteQueue> Queues => _tenants.Values.SelectMany(t => t.Writer.Queues);

    public ISeriesAppender For(string tenant) => _tenants.GetOrAdd(tenant, Create).Appender;

    /// <summary>Windows still waiting to be sent, over every tenant.</summary>
    public int PendingWindows => Queues.Sum(q => q.PendingWindows);

    /// <summary>
    /// Puts every tenant's remote-write backlog into the worker status. Windows join the backlog at window close (which
    /// reports it too) but leave it as they are sent, in the background, so the figure is refreshed from outside as well:
    /// otherwise the last window closed would leave it above zero for good (and a replay, which waits for it to reach
    /// zero, would never end).
    /// </summary>
    public void ReportBacklog()
    {
        if (_status is null)
        {
            return;
        }

        foreach (var t in _tenants.Values)
        {
            ReportBacklog(t.Writer, _status);
        }
    }

    private static void ReportBacklog(TenantRemoteWrite writer, WorkerStatus status) =>
        status.SetPendingWindows(writer.Tenant, writer.Queues.Sum(q => q.PendingWindows));

    /// <summary>Sends what is queued, within the deadline; false when something is left.</summary>
    public async Task<bool> FlushAsync(TimeSpan deadline)
    {
        var results = await Task.WhenAll(_tenants.Values.Select(t => t.Writer.FlushAsync(deadline))).ConfigureAwait(false);
        return results.All(r => r);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var t in _tenants.Values)
        {
            try
            {
                await t.Run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            t.Writer.Dispose();
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private Tenant Create(string tenant)
    {
        var writer = new TenantRemoteWrite(_options, tenant, _overrides(tenant), _http, _time);
        var run = Task.Run(() => writer.RunAsync(_stopping.Token));
        return new Tenant(writer, new StatusReportingAppender(writer, _status), run);
    }

    private sealed record Tenant(TenantRemoteWrite Writer, ISeriesAppender Appender, Task Run);

    /// <summary>Passes a collection through and keeps the worker status' remote-write backlog figure current.</summary>
    private sealed class StatusReportingAppender(TenantRemoteWrite writer, WorkerStatus? status) : ISeriesAppender
    {
        public void AppendSample(in LabelSet labels, long timestampMs, double value) => writer.AppendSample(labels, timestampMs, value);

        public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram) => writer.AppendHistogram(labels, histogram);

        public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar) => writer.AppendExemplar(seriesLabels, exemplar);

        public void Commit(long windowEndMs)
        {
            writer.Commit(windowEndMs);
            if (status is not null)
            {
                ReportBacklog(writer, status);
            }
        }
    }
}
