using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// A tenant's remote write: one <see cref="WriteRequestEncoder"/> and <see cref="RemoteWriteQueue"/> per endpoint.
/// The registry appends a collection into it as an <see cref="ISeriesAppender"/>; <see cref="RunAsync"/> sends in
/// the background and <see cref="FlushAsync"/> drains at shutdown. Each endpoint sends through its entry's client
/// from <see cref="RemoteWriteHttpClients"/>.
/// </summary>
public sealed class TenantRemoteWrite : ISeriesAppender, IDisposable
{
    private readonly ISeriesAppender[] _encoders;
    private readonly RemoteWriteQueue[] _queues;
    private readonly List<CommittedWindow> _committed = [];

    public TenantRemoteWrite(RemoteWriteOptions options, string tenant, RemoteWriteTenantOverrides? overrides, RemoteWriteHttpClients http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var endpoints = RemoteWriteEndpoint.Resolve(options, tenant, overrides);
        _queues = new RemoteWriteQueue[endpoints.Count];
        _encoders = new ISeriesAppender[endpoints.Count];
        for (var i = 0; i < endpoints.Count; i++)
        {
            var entry = endpoints[i].Entry;
            _queues[i] = new RemoteWriteQueue(endpoints[i], tenant, http.For(entry), time);
            var sink = new CommitCapture(_queues[i], _committed);
            ISeriesAppender encoder = new WriteRequestEncoder(entry.QueueConfig.MaxSamplesPerSend, sink, entry.SendExemplars, entry.SendNativeHistograms);
            if (entry.ProtobufMessage == RemoteWriteMessage.V2)
            {
                var v2 = new WriteRequestV2Encoder(entry.QueueConfig.MaxSamplesPerSend, sink, entry.SendExemplars, entry.SendNativeHistograms);
                encoder = new MessageSwitchingAppender(encoder, v2, _queues[i]);
            }

            _encoders[i] = entry.WriteRelabelConfigs.Count > 0 ? new RelabelingAppender(entry.WriteRelabelConfigs, encoder) : encoder;
        }

        Tenant = tenant;
        Overrides = overrides;
    }

    public string Tenant { get; }

    /// <summary>The tenant overrides the endpoints were resolved with.</summary>
    public RemoteWriteTenantOverrides? Overrides { get; }

    /// <summary>
    /// Takes over the backlog of <paramref name="previous"/> (the writer this one replaces after an overrides reload):
    /// each of its queues hands its pending windows to the queue at the same index here, so buffered windows are sent
    /// with the new URL and headers, in order, before any newer window; windows of queues that have no counterpart here
    /// are dropped and counted. Stop the previous writer's <see cref="RunAsync"/> first.
    /// </summary>
    public void TakeOver(TenantRemoteWrite previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        for (var i = 0; i < previous._queues.Length; i++)
        {
            if (i >= _queues.Length)
            {
                previous._queues[i].DropPending();
                continue;
            }

            foreach (var window in previous._queues[i].TakePending())
            {
                _queues[i].Enqueue(window);
            }
        }
    }

    public IReadOnlyList<RemoteWriteQueue> Queues => _queues;

    /// <summary>
    /// The windows the last <see cref="Commit"/> queued, one per endpoint (none for an endpoint whose relabeling left
    /// nothing); valid until the next commit, on the committing thread.
    /// </summary>
    public IReadOnlyList<CommittedWindow> LastCommitted => _committed;

    /// <summary>
    /// Queues a window again (one kept through a restart) on the endpoint it was encoded for; false when this tenant
    /// has no endpoint of that name any more.
    /// </summary>
    public bool Resend(CommittedWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        foreach (var queue in _queues)
        {
            if (queue.Endpoint.Name == window.Endpoint)
            {
                queue.Enqueue(window.Window);
                return true;
            }
        }

        return false;
    }

    public void AppendSample(in LabelSet labels, long timestampMs, double value)
    {
        foreach (var encoder in _encoders)
        {
            encoder.AppendSample(labels, timestampMs, value);
        }
    }

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
    {
        foreach (var encoder in _encoders)
        {
            encoder.AppendHistogram(labels, histogram);
        }
    }

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
    {
        foreach (var encoder in _encoders)
        {
            encoder.AppendExemplar(seriesLabels, exemplar);
        }
    }

    public void Commit(long windowEndMs)
    {
        _committed.Clear();
        foreach (var encoder in _encoders)
        {
            encoder.Commit(windowEndMs);
        }
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var runs = new Task[_queues.Length];
        for (var i = 0; i < _queues.Length; i++)
        {
            runs[i] = _queues[i].RunAsync(cancellationToken);
        }

        return Task.WhenAll(runs);
    }

    /// <summary>Drains every queue within <paramref name="deadline"/>; true when nothing was left unsent.</summary>
    public async Task<bool> FlushAsync(TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        var flushes = new Task<bool>[_queues.Length];
        for (var i = 0; i < _queues.Length; i++)
        {
            flushes[i] = _queues[i].FlushAsync(deadline, cancellationToken);
        }

        var results = await Task.WhenAll(flushes).ConfigureAwait(false);
        return Array.TrueForAll(results, static r => r);
    }

    public void Dispose()
    {
        foreach (var queue in _queues)
        {
            queue.Dispose();
        }
    }

    /// <summary>Passes each window to its queue and notes it for <see cref="LastCommitted"/>.</summary>
    private sealed class CommitCapture(RemoteWriteQueue queue, List<CommittedWindow> committed) : IEncodedWindowSink
    {
        public void Enqueue(EncodedWindow window)
        {
            queue.Enqueue(window);
            committed.Add(new CommittedWindow(queue.Endpoint.Name, window));
        }
    }
}
