using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Commands;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Prometheus;
using KafkaMetricsGen.TopologyDocs;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>
/// <c>broker --config</c>, <c>run --config</c> and <c>generate</c> as three processes, as a user runs them: the broker
/// creates every topic the worker needs, the worker runs against it and counts every delivered span exactly once.
/// </summary>
public sealed class BrokerWithConfigTests(PrometheusServer prometheus, ITestOutputHelper log) : IClassFixture<PrometheusServer>, IDisposable
{
    private const string Topic = "spans";
    private const int Partitions = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-broker-config-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Creates_every_topic_of_the_worker_config_and_the_worker_counts_what_generate_delivered()
    {
        var applicationId = "broker-config-" + Guid.NewGuid().ToString("N")[..8];
        var bootstrap = "127.0.0.1:" + Loopback.FreePort().ToString(CultureInfo.InvariantCulture);
        var config = WriteConfig(bootstrap, applicationId, Loopback.FreePort());
        var brokerOutput = new StringBuilder();
        var workerOutput = new StringBuilder();
        using var broker = ExeProcess.Start(brokerOutput, "broker", "--config", config, "--partitions", Partitions.ToString(CultureInfo.InvariantCulture));
        Process? worker = null;
        try
        {
            await WaitUntilAsync(() => Task.FromResult(ExeProcess.Output(brokerOutput).Contains("press Ctrl-C", StringComparison.Ordinal)), "the broker is up", broker, brokerOutput);
            Assert.Contains(BrokerCommand.BootstrapLinePrefix + bootstrap, ExeProcess.Output(brokerOutput), StringComparison.Ordinal);

            // Exactly the topics the worker derives for itself from a 3-partition input, with those partition counts.
            var expected = WorkerTopology.Topics(TopologySettingsFactory.Create([new InputTopic(Topic, "otlp_proto")], Partitions), applicationId)
                .Select(t => (t.Name, t.Partitions))
                .Append((Topic, Partitions))
                .ToList();
            Assert.True(expected.Count >= 5, "dead-letter, repartition and changelog topics besides the input");
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
            {
                var found = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
                foreach (var (name, partitions) in expected)
                {
                    Assert.True(found.TryGetValue(name, out var count) && count == partitions, $"{name}: expected {partitions} partitions, found {(found.ContainsKey(name) ? count : "none")}");
                }
            }

            Assert.Contains("configs not applied by the embedded broker: cleanup.policy=compact", ExeProcess.Output(brokerOutput), StringComparison.Ordinal);

            worker = ExeProcess.Start(workerOutput, "run", "--config", config);
            const int traces = 60;
            var generateOutput = new StringBuilder();
            using (var generate = ExeProcess.Start(generateOutput, "generate", "--bootstrap-servers", bootstrap, "--topic", Topic, "--count", traces.ToString(CultureInfo.InvariantCulture), "--rate", "0", "--traces-per-record", "4"))
            {
                using var timeout = new CancellationTokenSource(Patience);
                await generate.WaitForExitAsync(timeout.Token);
                Assert.True(generate.ExitCode == 0, ExeProcess.Output(generateOutput));
            }

            const int spans = traces * 11;
            await WaitUntilAsync(async () => await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{applicationId}\"}})") >= spans, $"{spans} calls in Prometheus", worker, workerOutput);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(spans, await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{applicationId}\"}})"));
            Assert.False(worker.HasExited, ExeProcess.Output(workerOutput));
        }
        finally
        {
            foreach (var p in new[] { worker, broker })
            {
                if (p is { HasExited: false })
                {
                    p.Kill(entireProcessTree: true);
                }
            }

            worker?.Dispose();
            log.WriteLine(ExeProcess.Output(brokerOutput));
            log.WriteLine(ExeProcess.Output(workerOutput));
        }
    }

    [Fact]
    public async Task Refuses_a_config_whose_bootstrap_address_is_not_loopback()
    {
        var config = WriteConfig("kafka.example.com:9092", "broker-config-remote", Loopback.FreePort());
        var output = new StringBuilder();
        using var broker = ExeProcess.Start(output, "broker", "--config", config);
        using var timeout = new CancellationTokenSource(Patience);
        await broker.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, broker.ExitCode);
        Assert.Contains("kafka.bootstrap_servers 'kafka.example.com:9092' is not a loopback", ExeProcess.Output(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_port_that_differs_from_the_config()
    {
        var port = Loopback.FreePort();
        var config = WriteConfig("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "broker-config-port", Loopback.FreePort());
        var output = new StringBuilder();
        using var broker = ExeProcess.Start(output, "broker", "--config", config, "--port", (port + 1).ToString(CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(Patience);
        await broker.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, broker.ExitCode);
        Assert.Contains("--port", ExeProcess.Output(output), StringComparison.Ordinal);
    }

    private string WriteConfig(string bootstrapServers, string applicationId, int httpPort)
    {
        var path = Path.Combine(_dir, "worker.yaml");
        File.WriteAllText(path, $"""
            server:
              http_listen_address: 127.0.0.1
              http_listen_port: {httpPort}
            kafka:
              bootstrap_servers: {bootstrapServers}
              application_id: {applicationId}
              topics:
                - name: {Topic}
                  codec: otlp_proto
              state_dir: {Path.Combine(_dir, "state")}
              processing_guarantee: exactly_once
              commit_interval: 1s
            metrics_generator:
              registry:
                collection_interval: 1s
                window_grace: 1s
                external_labels:
                  run: {applicationId}
              storage:
                remote_write:
                  - url: {prometheus.RemoteWriteUrl}
            overrides:
              defaults:
                metrics_generator:
                  processors: [span-metrics, service-graphs]
            """);
        return path;
    }

    private Task WaitUntilAsync(Func<Task<bool>> condition, string what, Process process, StringBuilder output) =>
        ExeProcess.WaitUntilAsync(condition, what, process, output, Patience, log);

}
