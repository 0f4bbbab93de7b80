using System.Collections.Concurrent;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Telemetry;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// The remote-write sink stage: one <see cref="TenantRemoteWrite"/> per tenant (an encoder and a sending queue per
/// endpoint). Encoding happens on the stream thread at window close; sending runs in the background, so a slow or
/// failing receiver delays samples (bounded by the queue) without stalling the stream. Windows are retried until a 2xx.
/// A tenant's <c>remote_write_url</c> and <c>remote_write_headers</c> are read again before each collection: when an
/// overrides reload changed them, the tenant's writer is rebuilt and takes over the old one's buffered windows.
/// Each aggregate task writes through <see cref="ForTask"/>, which keeps its unsent windows in the task's state store
/// (<see cref="UnsentWindows"/>) so they survive a crash.
/// </summary>
public sealed class RemoteWriteSinks : ITenantSinks, IDurableTenantSinks, IAsyncDisposable
{
    private readonly RemoteWriteOptions _options;
    private readonly Func<string, RemoteWriteTenantOverrides?> _overrides;
    private readonly TimeProvider _time;
    private readonly WorkerStatus? _status;
    private readonly RemoteWriteHttpClients _http = new();
    private readonly ConcurrentDictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="options">The configured endpoints.</param>
    /// <param name="overrides">Per-tenant headers and URL (null: none), read again before each collection.</param>
    public RemoteWriteSinks(RemoteWriteOptions options, Func<string, RemoteWriteTenantOverrides?> overrides, TimeProvider time, WorkerStatus? status = null)
    {
        _options = options;
        _overrides = overrides;
        _time = time;
        _status = status;
    }

    /// <summary><c>kafka.max_unsent_windows</c>: windows each aggregate task keeps in its state store until sent.</summary>
    public int MaxUnsentWindows { get; init; } = UnsentWindowDefaults.MaxUnsentWindows;

    public IEnumerable<RemoteWriteQueue> Queues => _tenants.Values.SelectMany(t => t.Writer.Queues);

    public ISeriesAppender For(string tenant)
    {
        var entry = _tenants.GetOrAdd(tenant, Create);
        var overrides = _overrides(tenant);
        if (!SameOverrides(entry.Writer.Overrides, overrides))
        {
            Reapply(entry, overrides);
        }

        return entry;
    }

    public ITaskSinks ForTask(IAggregateStateStore store) => new UnsentWindows(this, store, MaxUnsentWindows);

    /// <summary>The windows the tenant's last commit queued (on the committing thread).</summary>
    internal IReadOnlyList<CommittedWindow> LastCommitted(string tenant) =>
        _tenants.TryGetValue(tenant, out var entry) ? entry.Writer.LastCommitted : [];

    /// <summary>Queues a stored window again; false when the tenant has no endpoint of that name now.</summary>
    internal bool Resend(string tenant, CommittedWindow window)
    {
        For(tenant);
        return _tenants[tenant].Writer.Resend(window);
    }

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
            await t.StopAsync().ConfigureAwait(false);
            t.Writer.Dispose();
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private static bool SameOverrides(RemoteWriteTenantOverrides? current, RemoteWriteTenantOverrides? next) =>
        current is null ? next is null || next.SameAs(null) : current.SameAs(next);

    private Tenant Create(string tenant) => new(this, new TenantRemoteWrite(_options, tenant, _overrides(tenant), _http, _time));

    /// <summary>
    /// Rebuilds a tenant's writer with new overrides. The old sender is stopped first (a request in flight is
    /// cancelled and later re-sent, which is harmless), so its backlog moves over whole and goes out before newer windows.
    /// </summary>
    private void Reapply(Tenant tenant, RemoteWriteTenantOverrides? overrides)
    {
        var previous = tenant.Writer;
        tenant.StopAsync().GetAwaiter().GetResult();
        var next = new TenantRemoteWrite(_options, previous.Tenant, overrides, _http, _time);
        next.TakeOver(previous);
        previous.Dispose();
        tenant.Start(next);
    }

    /// <summary>One tenant's writer and its sender loop; the appender the stages write to (it follows reloads).</summary>
    private sealed class Tenant : ISeriesAppender
    {
        private readonly RemoteWriteSinks _owner;
        private CancellationTokenSource _running = new();
        private Task _run = Task.CompletedTask;

        public Tenant(RemoteWriteSinks owner, TenantRemoteWrite writer)
        {
            _owner = owner;
            Writer = writer;
            Start(writer);
        }

        public TenantRemoteWrite Writer { get; private set; }

        public void Start(TenantRemoteWrite writer)
        {
            Writer = writer;
            _running = CancellationTokenSource.CreateLinkedTokenSource(_owner._stopping.Token);
            var token = _running.Token;
            _run = Task.Run(() => writer.RunAsync(token));
        }

        public async Task StopAsync()
        {
            await _running.CancelAsync().ConfigureAwait(false);
            try
            {
                await _run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _running.Dispose();
        }

        public void AppendSample(in LabelSet labels, long timestampMs, double value) => Writer.AppendSample(labels, timestampMs, value);

        public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram) => Writer.AppendHistogram(labels, histogram);

        public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar) => Writer.AppendExemplar(seriesLabels, exemplar);

        /// <summary>Passes a collection through and keeps the worker status' remote-write backlog figure current.</summary>
        public void Commit(long windowEndMs)
        {
            Writer.Commit(windowEndMs);
            if (_owner._status is { } status)
            {
                ReportBacklog(Writer, status);
            }
        }
    }
}
