using Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// One tenant's queue to one endpoint. Windows are sent oldest first; a window's requests go out up to
/// <c>min_shards</c> at a time, or <c>max_shards</c> while windows back up, and a window leaves the queue only when
/// every request got a 2xx (or a non-retryable 4xx, which is counted as failed — resending cannot help).
/// Network errors, timeouts, 5xx and 429 are retried without limit with <see cref="RetryBackoff"/>. During an outage
/// windows pile up to <c>max_pending_windows</c> (and <c>capacity × max_shards</c> items); past it the oldest is dropped and counted, so memory stays bounded
/// and the newest data wins. <see cref="RunAsync"/> is the sender loop; <see cref="FlushAsync"/> drains at shutdown.
/// </summary>
public sealed partial class RemoteWriteQueue : IEncodedWindowSink, IDisposable
{
    private readonly RemoteWriteEndpoint _endpoint;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly RetryBackoff _backoff;
    private readonly Queue<EncodedWindow> _pending = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Counter.Child _samplesSent;
    private readonly Counter.Child _exemplarsSent;
    private readonly Counter.Child _histogramsSent;
    private readonly Counter.Child _samplesFailed;
    private readonly Counter.Child _samplesRetried;
    private readonly Counter.Child _samplesDropped;
    private readonly Gauge.Child _samplesPending;
    private readonly Gauge.Child _pendingWindows;
    private readonly Gauge.Child _highestSent;
    private int _nextRequest;
    private long _pendingItems;
    private long _highestSentMs = long.MinValue;
    private DateTimeOffset? _nextRetryAt;
    private volatile bool _sendV2;

    public RemoteWriteQueue(RemoteWriteEndpoint endpoint, string tenant, HttpClient http, TimeProvider time, Random? random = null)
    {
        _endpoint = endpoint;
        Tenant = tenant;
        _http = http;
        _time = time;
        _backoff = new RetryBackoff(endpoint.QueueConfig.MinBackoff, endpoint.QueueConfig.MaxBackoff, random ?? Random.Shared);
        _samplesSent = RemoteWriteMetrics.SamplesSent.WithLabels(tenant, endpoint.Name);
        _exemplarsSent = RemoteWriteMetrics.ExemplarsSent.WithLabels(tenant, endpoint.Name);
        _histogramsSent = RemoteWriteMetrics.HistogramsSent.WithLabels(tenant, endpoint.Name);
        _samplesFailed = RemoteWriteMetrics.SamplesFailed.WithLabels(tenant, endpoint.Name);
        _samplesRetried = RemoteWriteMetrics.SamplesRetried.WithLabels(tenant, endpoint.Name);
        _samplesDropped = RemoteWriteMetrics.SamplesDropped.WithLabels(tenant, endpoint.Name);
        _samplesPending = RemoteWriteMetrics.SamplesPending.WithLabels(tenant, endpoint.Name);
        _pendingWindows = RemoteWriteMetrics.PendingWindows.WithLabels(tenant, endpoint.Name);
        _highestSent = RemoteWriteMetrics.HighestSentTimestamp.WithLabels(tenant, endpoint.Name);
        _sendV2 = endpoint.Entry.ProtobufMessage == RemoteWriteMessage.V2;
    }

    /// <summary>
    /// The message new windows should be encoded as: the entry's <c>protobuf_message</c>, until a 2.0 endpoint turns
    /// out to speak only 1.0; from then on 1.0 (and 2.0 requests still queued are re-encoded as 1.0 when sent).
    /// </summary>
    public RemoteWriteMessage Message => _sendV2 ? RemoteWriteMessage.V2 : RemoteWriteMessage.V1;

    public string Tenant { get; }

    public RemoteWriteEndpoint Endpoint => _endpoint;

    public int PendingWindows
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Items (samples, exemplars, histograms) of the pending windows not sent yet.</summary>
    public long PendingSamples
    {
        get
        {
            lock (_gate)
            {
                return _pendingItems;
            }
        }
    }

    /// <summary>When a failed request will be retried; null when not waiting (status pages and tests read it).</summary>
    public DateTimeOffset? NextRetryAt
    {
        get
        {
            lock (_gate)
            {
                return _nextRetryAt;
            }
        }
    }

    /// <summary>Newest timestamp (ms) that got a 2xx; long.MinValue before the first.</summary>
    public long HighestSentTimestampMs => Interlocked.Read(ref _highestSentMs);

    public void Enqueue(EncodedWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        lock (_gate)
        {
            if (_pending.Count >= _endpoint.QueueConfig.MaxPendingWindows)
            {
                DropHead();
            }

            _pending.Enqueue(window);
            _pendingItems += window.Samples;

            // capacity × max_shards bounds the items held, as Prometheus' shard buffers do; the newest window stays.
            while (_pendingItems > _endpoint.QueueConfig.MaxPendingItems && _pending.Count > 1)
            {
                DropHead();
            }

            PublishPending();
        }

        _signal.Release();
    }

    /// <summary>Sends windows as they arrive until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                await DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Shutdown: sends what is pending until everything is sent or <paramref name="deadline"/> (Tempo's
    /// <c>remote_write_flush_deadline</c>) passes; what is left is counted as dropped. True when nothing was left.
    /// Stop <see cref="RunAsync"/> first, or this waits for its current attempt.
    /// </summary>
    public async Task<bool> FlushAsync(TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(deadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await DrainAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
        }

        lock (_gate)
        {
            var clean = _pending.Count == 0;
            while (_pending.Count > 0)
            {
                DropHead();
            }

            PublishPending();
            return clean;
        }
    }

    /// <summary>
    /// Removes and returns every pending window, oldest first, a window partly sent included whole (re-sending its
    /// requests is harmless). For handing the backlog to the queue that replaces this one; stop <see cref="RunAsync"/>
    /// first.
    /// </summary>
    public IReadOnlyList<EncodedWindow> TakePending()
    {
        lock (_gate)
        {
            var windows = _pending.ToArray();
            _pending.Clear();
            _nextRequest = 0;
            _pendingItems = 0;
            PublishPending();
            return windows;
        }
    }

    /// <summary>Drops every pending window and counts its items as dropped; stop <see cref="RunAsync"/> first.</summary>
    public void DropPending()
    {
        lock (_gate)
        {
            while (_pending.Count > 0)
            {
                DropHead();
            }

            PublishPending();
        }
    }

    public void Dispose()
    {
        _signal.Dispose();
        _sendLock.Dispose();
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (TryPeek(out var window, out var index, out var shards))
            {
                var count = Math.Min(shards, window.Requests.Count - index);
                if (count == 1)
                {
                    await SendWithRetriesAsync(window, Outgoing(window.Requests[index]), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // Shards: a window's requests hold disjoint series, so sending them at once keeps each series'
                    // samples in order; the next window starts only when all of these are answered.
                    var sends = new Task[count];
                    for (var i = 0; i < count; i++)
                    {
                        sends[i] = SendWithRetriesAsync(window, Outgoing(window.Requests[index + i]), cancellationToken);
                    }

                    await Task.WhenAll(sends).ConfigureAwait(false);
                }

                Advance(window, count);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The head window and its next request; <paramref name="shards"/> is how many of its requests may be
    /// sent at once: <c>max_shards</c> while windows are backing up, <c>min_shards</c> when the queue is caught up.</summary>
    private bool TryPeek(out EncodedWindow window, out int index, out int shards)
    {
        lock (_gate)
        {
            shards = _pending.Count > 1 ? _endpoint.QueueConfig.MaxShards : _endpoint.QueueConfig.MinShards;
            while (_pending.TryPeek(out window!))
            {
                if (_nextRequest < window.Requests.Count)
                {
                    index = _nextRequest;
                    return true;
                }

                _pending.Dequeue().Settle();
                _nextRequest = 0;
            }

            index = 0;
            PublishPending();
            return false;
        }
    }

    /// <summary>A request as it goes out now: 2.0 re-encoded as 1.0 once the endpoint has fallen back.</summary>
    private EncodedRequest Outgoing(EncodedRequest request) =>
        !_sendV2 && request.Message == RemoteWriteMessage.V2 ? RemoteWriteV1Fallback.ToV1(request) : request;

    /// <summary>Moves past the <paramref name="count"/> requests just finished, unless their window was dropped meanwhile.</summary>
    private void Advance(EncodedWindow window, int count)
    {
        lock (_gate)
        {
            if (!IsHead(window))
            {
                return;
            }

            for (var i = 0; i < count; i++)
            {
                _pendingItems -= window.Requests[_nextRequest + i].Items;
            }

            _nextRequest += count;
            if (_nextRequest == window.Requests.Count)
            {
                _pending.Dequeue().Settle();
                _nextRequest = 0;
            }

            PublishPending();
        }
    }

    private void FallBackToV1()
    {
        lock (_gate)
        {
            // Parallel sends of one window may each find it out; it is one switch.
            if (!_sendV2)
            {
                return;
            }

            _sendV2 = false;
        }

        RemoteWriteMetrics.V1Fallbacks.WithLabels(Tenant, _endpoint.Name).Inc();
    }

    private bool IsHead(EncodedWindow window) => _pending.TryPeek(out var head) && ReferenceEquals(head, window);

    private void DropHead()
    {
        var dropped = _pending.Dequeue();
        var items = 0;
        for (var i = _nextRequest; i < dropped.Requests.Count; i++)
        {
            items += dropped.Requests[i].Items;
        }

        _nextRequest = 0;
        _pendingItems -= items;
        _samplesDropped.Inc(items);
        dropped.Settle();
    }

    private void PublishPending()
    {
        _pendingWindows.Set(_pending.Count);
        _samplesPending.Set(_pendingItems);
    }
}
