using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.TestKit.Prometheus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>Against a real HTTP receiver that answers 503 first: /ready's remote-write condition follows the queue.</summary>
// The gauge is process-wide and workers in the Kafka tests set it too: run alone, not beside them.
[Collection(ProcessGaugeCollection.Name)]
public sealed class RemoteWriteHealthWatcherTests
{
    [Fact]
    public async Task A_retrying_queue_marks_remote_write_failing_until_a_send_succeeds()
    {
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync();
        receiver.Script(new ScriptedResponse(503), new ScriptedResponse(503));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var status = new WorkerStatus(clock);
        var queueConfig = new RemoteWriteQueueConfig { MinBackoff = TimeSpan.FromMilliseconds(500), MaxBackoff = TimeSpan.FromMilliseconds(500) };
        var options = new RemoteWriteOptions { RemoteWrite = { new RemoteWriteEndpointOptions { Url = receiver.Url.ToString(), QueueConfig = queueConfig } } };
        await using var sinks = new RemoteWriteSinks(options, _ => null, TimeProvider.System, status);
        var log = new CapturingLogger();
        var watcher = new RemoteWriteHealthWatcher(sinks, status, log);
        Assert.False(watcher.Check());

        var appender = sinks.For("health-tenant");
        appender.AppendSample(Labels("health_total"), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1);
        appender.Commit(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        Assert.True(await Eventually(watcher.Check, expected: true), "the queue never waited for a retry");
        Assert.Equal(1, status.PendingWindows["health-tenant"]);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), status.RemoteWriteFailingFor);
        Assert.False(status.IsReady(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, TelemetryMetrics.RemoteWriteFailing.Value);
        var started = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Warning, started.Level);
        Assert.StartsWith("remote write outage started (health-tenant/0 failing): backlog 1 windows, 1 samples queued", started.Text, StringComparison.Ordinal);

        Assert.True(await Eventually(watcher.Check, expected: false), "remote write never recovered");
        Assert.Equal(TimeSpan.Zero, status.RemoteWriteFailingFor);
        Assert.Equal(3, receiver.Writes.Count);
        Assert.Equal(2, log.Lines.Count);
        Assert.Equal(LogLevel.Warning, log.Lines[1].Level);
        Assert.Matches("^remote write outage ended: backlog [01] windows, [01] samples queued$", log.Lines[1].Text);

        // The window left the backlog when it was sent, not when another one closed.
        Assert.True(await Eventually(() => { watcher.Check(); return status.PendingWindows["health-tenant"] == 0; }, expected: true), "the backlog figure stayed above zero");
    }

    private static async Task<bool> Eventually(Func<bool> check, bool expected)
    {
        for (var i = 0; i < 200; i++)
        {
            if (check() == expected)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static LabelSet Labels(string name)
    {
        var builder = new LabelBuilder();
        builder.Add("__name__", name);
        Assert.True(builder.TryBuild(out var labels));
        return labels;
    }
}
