using KafkaMetricsGen.TestKit.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary><c>queue_config</c> <c>min_shards</c>, <c>max_shards</c> and <c>capacity</c>, against a receiver that holds requests.</summary>
public sealed class RemoteWriteQueueShardsTests : IAsyncLifetime
{
    private static readonly TimeSpan LongDeadline = TimeSpan.FromHours(1);

    /// <summary>How long a request that must not come is waited for.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    private readonly FakeTimeProvider _time = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly string _tenant = "shards-" + Guid.NewGuid().ToString("N")[..8];
    private RecordingRemoteWriteEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await RecordingRemoteWriteEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _endpoint.Release();
        _http.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task A_caught_up_queue_sends_min_shards_requests_of_a_window_at_once()
    {
        using var queue = Queue(minShards: 2, maxShards: 4);
        Encode(queue, 15_000, "a", "b", "c", "d");
        _endpoint.Hold();

        var flush = queue.FlushAsync(LongDeadline);
        await _endpoint.WaitForWritesAsync(2);
        await Task.Delay(Grace);

        Assert.Equal(2, _endpoint.Writes.Count);
        _endpoint.Release();
        Assert.True(await flush);
        Assert.Equal(["a", "b", "c", "d"], Series(_endpoint.Writes).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_backed_up_queue_sends_max_shards_at_once_and_the_next_window_only_after_them()
    {
        using var queue = Queue(minShards: 1, maxShards: 4);
        Encode(queue, 15_000, "a", "b", "c", "d");
        Encode(queue, 30_000, "e", "f", "g", "h");
        _endpoint.Hold();

        var flush = queue.FlushAsync(LongDeadline);
        await _endpoint.WaitForWritesAsync(4);
        await Task.Delay(Grace);

        Assert.Equal(["a", "b", "c", "d"], Series(_endpoint.Writes).Order(StringComparer.Ordinal));
        _endpoint.Release();
        Assert.True(await flush);
        Assert.Equal(["e", "f", "g", "h"], Series(_endpoint.Writes.Skip(4)).Order(StringComparer.Ordinal));
        Assert.Equal(16, RemoteWriteMetrics.SamplesSent.WithLabels(_tenant, "0").Value);
    }

    [Fact]
    public void Capacity_times_max_shards_bounds_the_items_held_dropping_the_oldest_windows()
    {
        using var queue = Queue(minShards: 1, maxShards: 2, capacity: 4);
        Encode(queue, 15_000, "a", "b");
        Encode(queue, 30_000, "c", "d");
        Assert.Equal(2, queue.PendingWindows);

        Encode(queue, 45_000, "e");

        Assert.Equal(2, queue.PendingWindows);
        Assert.Equal(4, RemoteWriteMetrics.SamplesDropped.WithLabels(_tenant, "0").Value);
        Assert.Equal(6, RemoteWriteMetrics.SamplesPending.WithLabels(_tenant, "0").Value);
    }

    [Fact]
    public void The_newest_window_is_kept_even_when_it_alone_exceeds_the_capacity()
    {
        using var queue = Queue(minShards: 1, maxShards: 1, capacity: 1);
        Encode(queue, 15_000, "a");
        Encode(queue, 30_000, "b", "c");

        Assert.Equal(1, queue.PendingWindows);
        Assert.Equal(2, RemoteWriteMetrics.SamplesDropped.WithLabels(_tenant, "0").Value);
    }

    private RemoteWriteQueue Queue(int minShards, int maxShards, int capacity = RemoteWriteDefaults.Capacity)
    {
        var entry = new RemoteWriteEndpointOptions { Url = _endpoint.Url.ToString() };
        entry.QueueConfig.MinShards = minShards;
        entry.QueueConfig.MaxShards = maxShards;
        entry.QueueConfig.Capacity = capacity;
        var endpoint = Assert.Single(RemoteWriteEndpoint.Resolve(new RemoteWriteOptions { RemoteWrite = [entry] }, _tenant, null));
        return new RemoteWriteQueue(endpoint, _tenant, _http, _time, new Random(1));
    }

    /// <summary>One window with one request per series (two samples each).</summary>
    private static void Encode(IEncodedWindowSink queue, long windowEndMs, params string[] series)
    {
        var encoder = new WriteRequestEncoder(2, queue);
        foreach (var name in series)
        {
            var labels = TestLabels.Of("__name__", "calls_total", "series", name);
            encoder.AppendSample(labels, windowEndMs - 1000, 0);
            encoder.AppendSample(labels, windowEndMs, 1);
        }

        encoder.Commit(windowEndMs);
    }

    private static IEnumerable<string> Series(IEnumerable<RecordedWrite> writes) =>
        writes.Select(w => Assert.Single(w.Request!.Timeseries).Labels.Single(l => l.Name == "series").Value);
}
