using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit.Prometheus;
using KafkaMetricsGen.TopologyDocs;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>The built exe: <c>replay --config</c> over a topic of the embedded broker into a real Prometheus.</summary>
public sealed class ReplayCommandTests(PrometheusServer prometheus, ITestOutputHelper log) : IClassFixture<PrometheusServer>, IDisposable
{
    private const string Topic = "spans";
    private const int Partitions = 2;
    private const int Traces = 20;

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Replays_with_the_live_workers_config_its_dimensions_and_remote_write_included()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        broker.CreateTopic(Topic, Partitions);
        var replayId = "replay-test-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var topic in WorkerTopology.Topics(TopologySettingsFactory.Create([new InputTopic(Topic, "otlp_proto")], Partitions), replayId))
        {
            broker.CreateTopic(topic.Name, topic.Partitions);
        }

        using (var producer = new SyntheticProducer(new SyntheticProducerOptions { BootstrapServers = broker.BootstrapServers, Topic = Topic, TracesPerSecond = 0, TracesPerRecord = 1, MaxTraces = Traces }))
        {
            await producer.RunAsync(CancellationToken.None);
        }

        var config = Path.Combine(_dir, "worker.yaml");
        await File.WriteAllTextAsync(config, $"""
            kafka:
              bootstrap_servers: {broker.BootstrapServers}
              application_id: live-worker
              topics:
                - name: {Topic}
                  codec: otlp_proto
              processing_guarantee: at_least_once
              commit_interval: 1s
            metrics_generator:
              registry:
                collection_interval: 1s
                window_grace: 1s
                external_labels:
                  run: {replayId}
              storage:
                remote_write:
                  - url: {prometheus.RemoteWriteUrl}
            overrides:
              defaults:
                metrics_generator:
                  processors: [span-metrics]
                  processor:
                    span_metrics:
                      dimensions: [http.method]
            """);

        var output = new StringBuilder();
        using var process = ExeProcess.Start(output, "replay", "--config", config, "--from", "0", "--application-id", replayId, "--state-dir", Path.Combine(_dir, "state"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            log.WriteLine(ExeProcess.Output(output));
        }

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; output:\n{ExeProcess.Output(output)}");
        Assert.Contains($"under application id {replayId}", ExeProcess.Output(output), StringComparison.Ordinal);
        Assert.Contains($"left in place (replay --cleanup deletes them): consumer group {replayId}; topics {replayId}-", ExeProcess.Output(output), StringComparison.Ordinal);
        Assert.Equal(Traces * 11, await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{replayId}\"}})"));
        Assert.True(await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{replayId}\",http_method=\"GET\"}})") > 0, "the config's dimension http.method is a label");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Logs_its_progress_and_with_cleanup_deletes_its_topics_and_state_and_lists_what_it_could_not_delete(bool adminApi)
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1, AdminApi = adminApi });
        broker.CreateTopic(Topic, Partitions);
        var replayId = "replay-cleanup-" + Guid.NewGuid().ToString("N")[..8];
        var internalTopics = WorkerTopology.Topics(TopologySettingsFactory.Create([new InputTopic(Topic, "otlp_proto")], Partitions), replayId).ToList();
        foreach (var topic in internalTopics)
        {
            broker.CreateTopic(topic.Name, topic.Partitions);
        }

        using (var producer = new SyntheticProducer(new SyntheticProducerOptions { BootstrapServers = broker.BootstrapServers, Topic = Topic, TracesPerSecond = 0, TracesPerRecord = 1, MaxTraces = Traces }))
        {
            await producer.RunAsync(CancellationToken.None);
        }

        var state = Path.Combine(_dir, "state");
        var output = new StringBuilder();
        using var process = ExeProcess.Start(output, "replay", "--bootstrap-server", broker.BootstrapServers, "--topic", Topic + ":otlp_proto", "--from", "0", "--application-id", replayId, "--state-dir", state, "--partitions", Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "--processing-guarantee", "at_least_once", "--cleanup");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            log.WriteLine(ExeProcess.Output(output));
        }

        var text = ExeProcess.Output(output);
        Assert.Contains($"{Traces} of {Traces} records (100.0 %), {Traces * 11} spans", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(state, replayId)), "the replay's local state is deleted");
        if (adminApi)
        {
            // Topics go through the admin API; the embedded broker cannot delete consumer groups, so the group is the
            // one thing left, named with the command that deletes it on a real cluster.
            Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}; output:\n{text}");
            Assert.DoesNotContain("could not delete the replay's topics", text, StringComparison.Ordinal);
            Assert.Contains($"error: replay --cleanup could not delete the replay's consumer group (", text, StringComparison.Ordinal);
            Assert.Contains($"--delete --group {replayId}\n", text, StringComparison.Ordinal);
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
            var left = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
            foreach (var topic in internalTopics)
            {
                // The replay's own topics are gone; the input and dead-letter topics it shares with the live worker stay.
                Assert.True(left.Contains(topic.Name) != topic.Name.StartsWith(replayId, StringComparison.Ordinal), $"{topic.Name} still there: {left.Contains(topic.Name)}");
            }

            Assert.Contains(Topic, left);
            return;
        }

        // A broker whose admin API is closed: cleanup fails (exit 1) saying how to delete each internal topic and
        // the group by hand; the shared input and dead-letter topics are not in the list.
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("error: replay --cleanup could not delete the replay's topics", text, StringComparison.Ordinal);
        foreach (var topic in internalTopics)
        {
            var listed = text.Contains($"--delete --topic {topic.Name}\n", StringComparison.Ordinal);
            Assert.True(listed == topic.Name.StartsWith(replayId, StringComparison.Ordinal), $"{topic.Name} listed: {listed}");
        }

        Assert.Contains($"--delete --group {replayId}\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--remote-write", "http://127.0.0.1:1/api/v1/write", "replay --remote-write")]
    [InlineData("--topic", "other:otlp_proto", "replay --topic")]
    public async Task A_flag_the_config_already_sets_is_refused_naming_it(string flag, string value, string expected)
    {
        var config = Path.Combine(_dir, "minimal.yaml");
        await File.WriteAllTextAsync(config, "kafka:\n  topics: [{name: spans}]\n");
        var output = new StringBuilder();
        using var process = ExeProcess.Start(output, "replay", "--config", config, "--from", "0", flag, value);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(expected, ExeProcess.Output(output), StringComparison.Ordinal);
    }
}
