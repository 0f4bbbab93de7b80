using System.Net;
using System.Net.Sockets;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// A task's unsent windows in its state store, against a real HTTP receiver: kept until sent, sent again by the task
/// that restores the store (the same bytes, so the same samples and timestamps), bounded, and counted when dropped.
/// </summary>
public sealed class UnsentWindowsTests
{
    private const string Endpoint = "main";

    [Fact]
    public async Task A_window_stays_in_the_store_until_the_receiver_took_it()
    {
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync();
        receiver.Script(new ScriptedResponse(503), new ScriptedResponse(503));
        var store = new InMemoryAggregateStateStore();
        await using var sinks = Sinks(receiver.Url.ToString());
        var task = sinks.ForTask(store);

        Write(task, "keep-" + Id(), "kept_total", 15_000, 3);
        Assert.Single(Unsent(store));

        await receiver.WaitForWritesAsync(3);
        var removed = 0;
        await WaitAsync(() =>
        {
            removed += task.Acknowledge();
            return Unsent(store).Count == 0;
        });
        Assert.Equal([503, 503, 204], receiver.Writes.Select(w => w.StatusReturned));
        Assert.Equal(1, removed);
    }

    [Fact]
    public async Task Windows_a_crashed_task_kept_are_sent_by_the_task_that_restores_its_store()
    {
        var tenant = "crash-" + Id();
        var store = new InMemoryAggregateStateStore();
        await using (var down = Sinks(UnreachableUrl()))
        {
            var task = down.ForTask(store);
            Write(task, tenant, "calls_total", 15_000, 1);
            Write(task, tenant, "calls_total", 30_000, 4);
            await WaitAsync(() => RemoteWriteMetrics.Requests.WithLabels(tenant, Endpoint, RemoteWriteMetricNames.StatusNetworkError).Value > 0);
            task.Acknowledge();

            // The process dies here: nothing is flushed, the store is what the changelog restores.
        }

        Assert.Equal(2, Unsent(store).Count);
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync();
        await using var up = Sinks(receiver.Url.ToString());
        var restored = up.ForTask(store);
        var writes = await receiver.WaitForWritesAsync(2);

        var samples = writes.SelectMany(w => w.Request!.Timeseries).Select(s => (s.Samples[0].Timestamp, s.Samples[0].Value)).ToList();
        Assert.Equal([(15_000L, 1.0), (30_000L, 4.0)], samples);
        Assert.Equal(2, SinkMetrics.UnsentWindowsRestored.WithLabels(tenant).Value);
        await WaitAsync(() =>
        {
            restored.Acknowledge();
            return Unsent(store).Count == 0;
        });
    }

    [Fact]
    public async Task Past_max_unsent_windows_the_oldest_is_no_longer_kept_and_is_counted()
    {
        var tenant = "bound-" + Id();
        var store = new InMemoryAggregateStateStore();
        await using var sinks = Sinks(UnreachableUrl(), maxUnsent: 2);
        var task = sinks.ForTask(store);

        Write(task, tenant, "calls_total", 15_000, 1);
        Write(task, tenant, "calls_total", 30_000, 2);
        Write(task, tenant, "calls_total", 45_000, 3);

        var kept = Unsent(store).Select(e => UnsentWindowCodec.TryDecode(e.Value, out var w) ? w.Window.WindowEndMs : 0).ToList();
        Assert.Equal([30_000L, 45_000L], kept);
        Assert.Equal(1, SinkMetrics.UnsentWindowsDropped.WithLabels(tenant, SinkMetricNames.ReasonBacklogFull).Value);
        Assert.Equal(3, sinks.PendingWindows);
    }

    [Fact]
    public async Task A_stored_window_for_an_endpoint_no_longer_configured_or_unreadable_is_dropped_and_counted()
    {
        var tenant = "gone-" + Id();
        var store = new InMemoryAggregateStateStore();
        await using (var before = Sinks(UnreachableUrl()))
        {
            Write(before.ForTask(store), tenant, "calls_total", 15_000, 1);
        }

        store.Put(AggregateStateKeys.Unsent(tenant, 99), [42, 1, 2]);
        await using var after = Sinks(UnreachableUrl(), name: "renamed");
        after.ForTask(store);

        Assert.Empty(Unsent(store));
        Assert.Equal(1, SinkMetrics.UnsentWindowsDropped.WithLabels(tenant, SinkMetricNames.ReasonEndpointGone).Value);
        Assert.Equal(1, SinkMetrics.UnsentWindowsDropped.WithLabels(tenant, SinkMetricNames.ReasonUnreadable).Value);
        Assert.Equal(0, after.PendingWindows);
    }

    [Fact]
    public void The_stored_form_reads_back_as_written_and_refuses_a_truncated_copy()
    {
        var window = new CommittedWindow("main", new EncodedWindow(60_000, [new EncodedRequest([1, 2, 3], 2, 1, 0, 59_000), new EncodedRequest([], 0, 0, 4, 60_000) { Message = RemoteWriteMessage.V2 }]));
        var bytes = UnsentWindowCodec.Encode(window);

        Assert.True(UnsentWindowCodec.TryDecode(bytes, out var read));
        Assert.Equal("main", read.Endpoint);
        Assert.Equal(60_000, read.Window.WindowEndMs);
        Assert.Equal([(2, 1, 0, 59_000L, 3), (0, 0, 4, 60_000L, 0)], read.Window.Requests.Select(r => (r.Samples, r.Exemplars, r.Histograms, r.MaxTimestampMs, r.Body.Length)));
        Assert.Equal([1, 2, 3], read.Window.Requests[0].Body);
        Assert.Equal([RemoteWriteMessage.V1, RemoteWriteMessage.V2], read.Window.Requests.Select(r => r.Message));
        Assert.False(UnsentWindowCodec.TryDecode(bytes.AsSpan(0, bytes.Length - 1), out _));
    }

    private static RemoteWriteSinks Sinks(string url, int maxUnsent = UnsentWindowDefaults.MaxUnsentWindows, string name = Endpoint)
    {
        var entry = new RemoteWriteEndpointOptions { Url = url, Name = name };
        entry.QueueConfig.MinBackoff = entry.QueueConfig.MaxBackoff = TimeSpan.FromMilliseconds(100);
        return new RemoteWriteSinks(new RemoteWriteOptions { RemoteWrite = [entry] }, _ => null, TimeProvider.System) { MaxUnsentWindows = maxUnsent };
    }

    private static void Write(ITaskSinks sinks, string tenant, string metric, long timestampMs, double value)
    {
        var appender = sinks.For(tenant);
        appender.AppendSample(new LabelSet(["__name__"], [metric], 1, LabelSet.ComputeHash(["__name__"], [metric])), timestampMs, value);
        appender.Commit(timestampMs);
    }

    private static List<KeyValuePair<string, byte[]>> Unsent(InMemoryAggregateStateStore store) =>
        store.All().Where(e => e.Key.StartsWith(AggregateStateKeys.UnsentPrefix, StringComparison.Ordinal)).ToList();

    private static string Id() => Guid.NewGuid().ToString("N")[..8];

    private static string UnreachableUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/api/v1/write";
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
