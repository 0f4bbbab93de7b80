using System.Diagnostics;
using KafkaMetricsGen.TestKit.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.RemoteWrite;

public sealed class RemoteWriteQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan LongDeadline = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _time = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly string _tenant = "queue-" + Guid.NewGuid().ToString("N")[..8];
    private RecordingRemoteWriteEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await RecordingRemoteWriteEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task Posts_snappy_protobuf_with_the_protocol_headers_and_the_tenant()
    {
        using var queue = Queue();
        Encode(queue, 15_000, "a");

        Assert.True(await queue.FlushAsync(LongDeadline));

        var write = Assert.Single(_endpoint.Writes);
        Assert.Equal("snappy", write.Header("Content-Encoding"));
        Assert.Equal("application/x-protobuf", write.Header("Content-Type"));
        Assert.Equal("0.1.0", write.Header("X-Prometheus-Remote-Write-Version"));
        Assert.StartsWith("kafka-metrics-gen/", write.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal(_tenant, write.Header("X-Scope-OrgID"));
        Assert.Equal("a", Assert.Single(write.Request!.Timeseries).Labels.Single(l => l.Name == "series").Value);
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesSent));
        Assert.Equal(15.0, RemoteWriteMetrics.HighestSentTimestamp.WithLabels(_tenant, "0").Value);
        Assert.Equal(15_000, queue.HighestSentTimestampMs);
        Assert.Equal(0, queue.PendingWindows);
    }

    [Fact]
    public async Task Retries_server_errors_and_too_many_requests_until_the_window_is_accepted()
    {
        using var queue = Queue();
        _endpoint.Script(new ScriptedResponse(503), new ScriptedResponse(429));
        Encode(queue, 15_000, "a");

        var flush = queue.FlushAsync(LongDeadline);
        await AdvanceThroughRetriesAsync(queue, flush);

        Assert.True(await flush);
        Assert.Equal([503, 429, 204], _endpoint.Writes.Select(w => w.StatusReturned));
        Assert.Equal(4, Metric(RemoteWriteMetrics.SamplesRetried));
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesSent));
        Assert.Equal(1, RemoteWriteMetrics.Requests.WithLabels(_tenant, "0", "503").Value);
        Assert.Equal(1, RemoteWriteMetrics.Requests.WithLabels(_tenant, "0", "429").Value);
        Assert.Equal(1, RemoteWriteMetrics.Requests.WithLabels(_tenant, "0", "204").Value);
    }

    [Fact]
    public async Task Waits_as_long_as_retry_after_says_in_seconds()
    {
        using var queue = Queue();
        _endpoint.Script(new ScriptedResponse(429, RetryAfter: "7"));
        Encode(queue, 15_000, "a");
        var start = _time.GetUtcNow();

        var flush = queue.FlushAsync(LongDeadline);
        await EventuallyAsync(() => queue.NextRetryAt is not null);

        Assert.Equal(start.AddSeconds(7), queue.NextRetryAt);
        _time.Advance(TimeSpan.FromSeconds(7));
        Assert.True(await flush);
        Assert.Equal(2, _endpoint.Writes.Count);
    }

    [Fact]
    public async Task Waits_until_a_retry_after_http_date()
    {
        using var queue = Queue();
        var start = _time.GetUtcNow();
        _endpoint.Script(new ScriptedResponse(503, RetryAfter: start.AddMinutes(2).ToString("R")));
        Encode(queue, 15_000, "a");

        var flush = queue.FlushAsync(LongDeadline);
        await EventuallyAsync(() => queue.NextRetryAt is not null);

        Assert.Equal(start.AddMinutes(2), queue.NextRetryAt);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await flush);
    }

    [Fact]
    public async Task Does_not_retry_a_rejected_request_and_counts_its_samples_as_failed()
    {
        using var queue = Queue();
        _endpoint.Script(new ScriptedResponse(400));
        Encode(queue, 15_000, "a");

        Assert.True(await queue.FlushAsync(LongDeadline));

        Assert.Single(_endpoint.Writes);
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesFailed));
        Assert.Equal(0, Metric(RemoteWriteMetrics.SamplesRetried));
        Assert.Equal(1, RemoteWriteMetrics.Requests.WithLabels(_tenant, "0", "400").Value);
    }

    [Fact]
    public async Task Keeps_windows_through_an_outage_and_drops_the_oldest_past_the_bound()
    {
        using var queue = Queue(maxPendingWindows: 2);
        _endpoint.Script(new ScriptedResponse(503));
        Encode(queue, 15_000, "first");
        var flush = queue.FlushAsync(LongDeadline);
        await EventuallyAsync(() => queue.NextRetryAt is not null);

        Encode(queue, 30_000, "second");
        Encode(queue, 45_000, "third");
        Assert.Equal(2, queue.PendingWindows);
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesDropped));

        await AdvanceThroughRetriesAsync(queue, flush);
        Assert.True(await flush);
        var sent = _endpoint.Writes.Skip(1).Select(w => w.Request!.Timeseries[0].Labels.Single(l => l.Name == "series").Value);
        Assert.Equal(["second", "third"], sent);
        Assert.Equal(4, Metric(RemoteWriteMetrics.SamplesSent));
    }

    [Fact]
    public async Task Times_out_a_hanging_request_and_retries_it()
    {
        using var queue = Queue(remoteTimeout: TimeSpan.FromSeconds(5));
        _endpoint.Script(new ScriptedResponse(204, Hang: true));
        Encode(queue, 15_000, "a");

        var flush = queue.FlushAsync(LongDeadline);
        await _endpoint.WaitForWritesAsync(1);
        _time.Advance(TimeSpan.FromSeconds(5));
        await AdvanceThroughRetriesAsync(queue, flush);

        Assert.True(await flush);
        Assert.Equal(1, RemoteWriteMetrics.Requests.WithLabels(_tenant, "0", "timeout").Value);
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesSent));
    }

    [Fact]
    public async Task Retries_an_unreachable_endpoint_until_the_flush_deadline_and_counts_the_rest_as_dropped()
    {
        var closed = _endpoint.Url;
        await _endpoint.DisposeAsync();
        _endpoint = await RecordingRemoteWriteEndpoint.StartAsync();
        using var queue = Queue(url: closed);
        Encode(queue, 15_000, "a");

        var flush = queue.FlushAsync(TimeSpan.FromSeconds(10));
        await EventuallyAsync(() => queue.NextRetryAt is not null);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(await flush);
        Assert.True(RemoteWriteMetrics.Requests.WithLabels(_tenant, "0", "network_error").Value >= 1);
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesDropped));
        Assert.Equal(0, queue.PendingWindows);
    }

    [Fact]
    public async Task The_sender_loop_sends_windows_as_they_are_enqueued()
    {
        using var queue = Queue();
        using var stop = new CancellationTokenSource();
        var run = queue.RunAsync(stop.Token);

        Encode(queue, 15_000, "a");
        await _endpoint.WaitForWritesAsync(1);
        Encode(queue, 30_000, "b");
        await _endpoint.WaitForWritesAsync(2);
        await EventuallyAsync(() => queue.PendingWindows == 0);

        await stop.CancelAsync();
        await run;
        Assert.Equal(4, Metric(RemoteWriteMetrics.SamplesSent));
    }

    [Fact]
    public async Task Counts_a_429_as_failed_without_retrying_when_retry_on_http_429_is_off()
    {
        using var queue = Queue(configure: e => e.QueueConfig.RetryOnHttp429 = false);
        _endpoint.Script(new ScriptedResponse(429));
        Encode(queue, 15_000, "a");

        Assert.True(await queue.FlushAsync(LongDeadline));

        Assert.Equal([429], _endpoint.Writes.Select(w => w.StatusReturned));
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesFailed));
        Assert.Equal(0, Metric(RemoteWriteMetrics.SamplesRetried));
    }

    [Fact]
    public async Task Drops_and_counts_a_window_older_than_sample_age_limit_instead_of_retrying_it()
    {
        using var queue = Queue(configure: e => e.QueueConfig.SampleAgeLimit = TimeSpan.FromMinutes(1));
        _endpoint.Script(new ScriptedResponse(503));
        Encode(queue, _time.GetUtcNow().ToUnixTimeMilliseconds(), "old");

        // The first attempt fails; by the retry the window is more than a minute old.
        var flush = queue.FlushAsync(LongDeadline);
        await WaitUntilAsync(() => queue.NextRetryAt is not null);
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.True(await flush);
        Assert.Equal([503], _endpoint.Writes.Select(w => w.StatusReturned));
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesDropped));
        Assert.Equal(0, Metric(RemoteWriteMetrics.SamplesSent));
        Assert.Equal(0, queue.PendingWindows);
    }

    [Fact]
    public async Task The_entry_name_labels_the_self_metrics()
    {
        using var queue = Queue(configure: e => e.Name = "mimir");
        Encode(queue, 15_000, "a");

        Assert.True(await queue.FlushAsync(LongDeadline));

        Assert.Equal("mimir", queue.Endpoint.Name);
        Assert.Equal(2, RemoteWriteMetrics.SamplesSent.WithLabels(_tenant, "mimir").Value);
        Assert.Equal(0, Metric(RemoteWriteMetrics.SamplesSent));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "condition not reached");
            await Task.Delay(10);
        }
    }

    private RemoteWriteQueue Queue(int maxPendingWindows = 10, TimeSpan? remoteTimeout = null, Uri? url = null, Action<RemoteWriteEndpointOptions>? configure = null)
    {
        var entry = new RemoteWriteEndpointOptions { Url = (url ?? _endpoint.Url).ToString(), RemoteTimeout = remoteTimeout ?? TimeSpan.FromSeconds(30) };
        entry.QueueConfig.MaxPendingWindows = maxPendingWindows;
        configure?.Invoke(entry);
        var endpoint = Assert.Single(RemoteWriteEndpoint.Resolve(new RemoteWriteOptions { RemoteWrite = [entry] }, _tenant, null));
        return new RemoteWriteQueue(endpoint, _tenant, _http, _time, new Random(1));
    }

    private static void Encode(IEncodedWindowSink queue, long windowEndMs, string series)
    {
        var encoder = new WriteRequestEncoder(100, queue);
        var labels = TestLabels.Of("__name__", "calls_total", "series", series);
        encoder.AppendSample(labels, windowEndMs - 1000, 0);
        encoder.AppendSample(labels, windowEndMs, 1);
        encoder.Commit(windowEndMs);
    }

    private double Metric(Prometheus.Counter counter) => counter.WithLabels(_tenant, "0").Value;

    /// <summary>Moves fake time to each retry as soon as the queue schedules it, until <paramref name="done"/> ends.</summary>
    private async Task AdvanceThroughRetriesAsync(RemoteWriteQueue queue, Task done)
    {
        var watch = Stopwatch.StartNew();
        while (!done.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (queue.NextRetryAt is { } at && at > _time.GetUtcNow())
            {
                _time.Advance(at - _time.GetUtcNow());
            }

            await Task.Delay(5);
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "condition not reached within 30 s");
            await Task.Delay(5);
        }
    }
}
