using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// A tenant's remote write: one <see cref="WriteRequestEncoder"/> and <see cref="RemoteWriteQueue"/> per endpoint.
/// The registry appends a collection into it as an <see cref="ISeriesAppender"/>; <see cref="RunAsync"/> sends in
/// the background and <see cref="FlushAsync"/> drains at shutdown. Pass an <see cref="HttpClient"/> whose own
/// Timeout is infinite: <c>remote_timeout</c> is applied per request here, through the <see cref="TimeProvider"/>.
/// </summary>
public sealed class TenantRemoteWrite : ISeriesAppender, IDisposable
{
    private readonly WriteRequestEncoder[] _encoders;
    private readonly RemoteWriteQueue[] _queues;

    public TenantRemoteWrite(RemoteWriteOptions options, string tenant, RemoteWriteTenantOverrides? overrides, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoints = RemoteWriteEndpoint.Resolve(options, tenant, overrides);
        _queues = new RemoteWriteQueue[endpoints.Count];
        _encoders = new WriteRequestEncoder[endpoints.Count];
        for (var i = 0; i < endpoints.Count; i++)
        {
            _queues[i] = new RemoteWriteQueue(endpoints[i], tenant, http, time);
            _encoders[i] = new WriteRequestEncoder(endpoints[i].QueueConfig.MaxSamplesPerSend, _queues[i]);
        }

        Tenant = tenant;
    }

    public string Tenant { get; }

    public IReadOnlyList<RemoteWriteQueue> Queues => _queues;

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
}
