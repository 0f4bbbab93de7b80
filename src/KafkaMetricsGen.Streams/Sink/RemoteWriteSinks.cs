using System.Collections.Concurrent;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Worker;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// The remote-write sink stage: per tenant, one encoder and one sending queue per endpoint. Encoding happens on the
/// stream thread at window close; sending runs in the background, so a slow or failing receiver delays samples
/// (bounded by the queue) without stalling the stream. Windows are retried until a 2xx.
/// </summary>
public sealed class RemoteWriteSinks : ITenantSinks, IAsyncDisposable
{
    private readonly Func<string, IReadOnlyList<RemoteWriteEndpoint>> _endpoints;
    private readonly TimeProvider _time;
    private readonly WorkerStatus? _status;
    private readonly HttpClient _http = new();
    private readonly ConcurrentDictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public RemoteWriteSinks(Func<string, IReadOnlyList<RemoteWriteEndpoint>> endpoints, TimeProvider time, WorkerStatus? status = null)
    {
        _endpoints = endpoints;
        _time = time;
        _status = status;
    }

    public IEnumerable<RemoteWriteQueue> Queues => _tenants.Values.SelectMany(t => t.Queues);

    public ISeriesAppender For(string tenant) => _tenants.GetOrAdd(tenant, Create).Appender;

    /// <summary>Windows still waiting to be sent, over every tenant.</summary>
    public int PendingWindows => Queues.Sum(q => q.PendingWindows);

    /// <summary>Sends what is queued, within the deadline; false when something is left.</summary>
    public async Task<bool> FlushAsync(TimeSpan deadline)
    {
        var results = await Task.WhenAll(Queues.Select(q => q.FlushAsync(deadline))).ConfigureAwait(false);
        return results.All(r => r);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var t in _tenants.Values)
        {
            try
            {
                await Task.WhenAll(t.Runs).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            foreach (var q in t.Queues)
            {
                q.Dispose();
            }
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private Tenant Create(string tenant)
    {
        var queues = new List<RemoteWriteQueue>();
        var appenders = new List<ISeriesAppender>();
        var runs = new List<Task>();
        foreach (var endpoint in _endpoints(tenant))
        {
            var queue = new RemoteWriteQueue(endpoint, tenant, _http, _time);
            queues.Add(queue);
            appenders.Add(new WriteRequestEncoder(endpoint.QueueConfig.MaxSamplesPerSend, new StatusReportingSink(queue, _status, tenant)));
            runs.Add(Task.Run(() => queue.RunAsync(_stopping.Token)));
        }

        ISeriesAppender appender = appenders.Count == 1 ? appenders[0] : new FanOutAppender(appenders);
        return new Tenant(appender, queues, runs);
    }

    private sealed record Tenant(ISeriesAppender Appender, List<RemoteWriteQueue> Queues, List<Task> Runs);

    /// <summary>Passes windows to the queue and keeps the worker status' backlog figure current.</summary>
    private sealed class StatusReportingSink(RemoteWriteQueue queue, WorkerStatus? status, string tenant) : IEncodedWindowSink
    {
        public void Enqueue(EncodedWindow window)
        {
            queue.Enqueue(window);
            status?.SetPendingWindows(tenant, queue.PendingWindows);
        }
    }
}
