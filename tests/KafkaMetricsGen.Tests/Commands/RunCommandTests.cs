using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Prometheus;
using KafkaMetricsGen.TopologyDocs;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>The built exe end to end: embedded broker → <c>run</c> (a child process) → a real Prometheus.</summary>
public sealed partial class RunCommandTests(PrometheusServer prometheus, ITestOutputHelper log) : IClassFixture<PrometheusServer>, IDisposable
{
    private const string Topic = "spans";
    private const string DeadLetterTopic = "spans-rejected";
    private const string TenantHeader = "X-Tenant";
    private const string DefaultTenant = "fallback";
    private const int Partitions = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-run-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Runs_the_worker_from_a_config_file_into_prometheus_and_stops_cleanly_on_sigterm()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        var applicationId = "run-test-" + Guid.NewGuid().ToString("N")[..8];
        broker.CreateTopic(Topic, Partitions);

        // The embedded broker has no CreateTopics API: the worker's internal topics are created up front, and the
        // run command's admin provisioner only asks for topics that are missing.
        var settings = TopologySettingsFactory.Create([new InputTopic(Topic, "otlp_proto") { DeadLetter = DeadLetterTopic }], Partitions);
        foreach (var topic in WorkerTopology.Topics(settings, applicationId))
        {
            broker.CreateTopic(topic.Name, topic.Partitions);
        }

        // kafka.dead_letter_topic: an undecodable record lands there, not in spans-dead-letter.
        using (var garbage = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            garbage.Produce(Topic, new Message<byte[], byte[]> { Key = "bad"u8.ToArray(), Value = [0xFF, 0xFF, 0xFF, 0x01] });
            garbage.Flush(TimeSpan.FromSeconds(10));
        }

        var port = Loopback.FreePort();
        var config = WriteConfig(broker.BootstrapServers, applicationId, port, DeadLetterTopic);
        var output = new StringBuilder();
        using var process = StartExe(output, "run", "--config", config);
        using var stopProducing = new CancellationTokenSource();
        using var producer = new SyntheticProducer(new SyntheticProducerOptions { BootstrapServers = broker.BootstrapServers, Topic = Topic, TracesPerSecond = 20, TracesPerRecord = 2, TenantHeader = TenantHeader, Tenant = "team-a" });
        var producing = producer.RunAsync(stopProducing.Token);

        // kafka.default_tenant: records without the kafka.tenant_header header belong to it.
        using (var untagged = new SyntheticProducer(new SyntheticProducerOptions { BootstrapServers = broker.BootstrapServers, Topic = Topic, TracesPerSecond = 0, TracesPerRecord = 1, MaxTraces = 2, TenantHeader = string.Empty }))
        {
            await untagged.RunAsync(CancellationToken.None);
        }

        try
        {
            var baseUrl = new Uri($"http://127.0.0.1:{port}");
            await WaitUntilAsync(async () => await StatusAsync(new Uri(baseUrl, HttpPaths.Ready)) == HttpStatusCode.OK, "/ready = 200", process, output);
            await WaitUntilAsync(async () => (await TextAsync(new Uri(baseUrl, HttpPaths.Metrics))).Contains(SelfMetricNames.SpansReceived, StringComparison.Ordinal), "/metrics has " + SelfMetricNames.SpansReceived, process, output);
            await WaitUntilAsync(async () => await prometheus.QueryValueAsync("sum(traces_spanmetrics_calls_total)") > 0, "traces_spanmetrics_calls_total in Prometheus", process, output);
            await WaitUntilAsync(async () => await prometheus.QueryValueAsync("sum(traces_service_graph_request_total)") > 0, "traces_service_graph_request_total in Prometheus", process, output);
            await WaitUntilAsync(async () => await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{applicationId}\",tenant=\"team-a\"}})") > 0, "calls of the header's tenant", process, output);
            await WaitUntilAsync(async () => await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{applicationId}\",tenant=\"{DefaultTenant}\"}})") > 0, "calls of the default tenant", process, output);
            using (var dead = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "dlq-" + applicationId, AutoOffsetReset = AutoOffsetReset.Earliest }).Build())
            {
                dead.Subscribe(DeadLetterTopic);
                var record = dead.Consume(TimeSpan.FromSeconds(30));
                Assert.NotNull(record);
                Assert.Equal("bad", Encoding.UTF8.GetString(record.Message.Key));
            }

            await stopProducing.CancelAsync();
            await producing;
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; output:\n{Output(output)}");
        }
        finally
        {
            await stopProducing.CancelAsync();
            await producing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                log.WriteLine(Output(output));
            }
        }
    }

    [Fact]
    public async Task Two_instances_in_one_group_split_the_partitions_and_count_every_span_exactly_once()
    {
        const int partitions = 4;
        const int traces = 40;
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        var applicationId = "scale-test-" + Guid.NewGuid().ToString("N")[..8];
        broker.CreateTopic(Topic, partitions);
        foreach (var topic in WorkerTopology.Topics(TopologySettingsFactory.Create([new InputTopic(Topic, "otlp_proto")], partitions), applicationId))
        {
            broker.CreateTopic(topic.Name, topic.Partitions);
        }

        var ports = new[] { Loopback.FreePort(), Loopback.FreePort() };
        var config = WriteConfig(broker.BootstrapServers, applicationId, ports[0]);
        var outputs = new[] { new StringBuilder(), new StringBuilder() };
        using var first = StartExe(outputs[0], "run", "--config", config);
        using var second = StartExe(outputs[1], new Dictionary<string, string>
        {
            ["KMG_SERVER__HTTP_LISTEN_PORT"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["KMG_KAFKA__STATE_DIR"] = Path.Combine(_dir, "state-2"),
        }, "run", "--config", config);
        var instances = new[] { first, second };
        try
        {
            var status = ports.Select(p => new Uri($"http://127.0.0.1:{p}{HttpPaths.Status}")).ToArray();

            // Both members joined and the input partitions are split between them.
            await WaitUntilAsync(
                async () =>
                {
                    var owned = await Task.WhenAll(status.Select(AssignedPartitionsAsync));
                    return owned.All(o => o.Count > 0) && owned.Sum(o => o.Count) == partitions && !owned[0].Intersect(owned[1]).Any();
                },
                "both instances own input partitions",
                first,
                outputs[0]);

            using (var producer = new SyntheticProducer(new SyntheticProducerOptions { BootstrapServers = broker.BootstrapServers, Topic = Topic, TracesPerSecond = 0, TracesPerRecord = 1, MaxTraces = traces }))
            {
                await producer.RunAsync(CancellationToken.None);
            }

            // Every series has one writer: the totals are exact, nothing counted twice or lost.
            const int spans = traces * 11;
            await WaitUntilAsync(async () => await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{applicationId}\"}})") >= spans, $"{spans} calls in Prometheus", second, outputs[1]);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(spans, await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{applicationId}\"}})"));
            Assert.Equal(traces, await prometheus.QueryValueAsync($"sum(traces_service_graph_request_total{{run=\"{applicationId}\",client=\"checkout\",server=\"payments\"}})"));
            var received = await Task.WhenAll(ports.Select(p => TextAsync(new Uri($"http://127.0.0.1:{p}{HttpPaths.Metrics}"))));
            Assert.All(received, text => Assert.Contains(SelfMetricNames.SpansReceived, text, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var process in instances.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
            }

            log.WriteLine(Output(outputs[0]));
            log.WriteLine(Output(outputs[1]));
        }
    }

    [Fact]
    public async Task A_whole_tempo_yaml_with_ingest_kafka_and_the_otlp_codec_runs_into_prometheus()
    {
        const string tempoTopic = "tempo-ingest";
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        var applicationId = "tempo-yaml-" + Guid.NewGuid().ToString("N")[..8];
        broker.CreateTopic(tempoTopic, Partitions);
        foreach (var topic in WorkerTopology.Topics(TopologySettingsFactory.Create([new InputTopic(tempoTopic, "otlp", TracePartitioned: true)], Partitions), applicationId))
        {
            broker.CreateTopic(topic.Name, topic.Partitions);
        }

        var port = Loopback.FreePort();
        var config = Path.Combine(_dir, "tempo.yaml");
        await File.WriteAllTextAsync(config, $"""
            stream_over_http_enabled: true
            server:
              http_listen_address: 127.0.0.1
              http_listen_port: {port}
            distributor:
              receivers:
                otlp:
                  protocols:
                    grpc:
                      endpoint: "0.0.0.0:4317"
            metrics_generator:
              codec: otlp
              registry:
                collection_interval: 1s
                window_grace: 1s
                inject_tenant_id_as: tenant
                external_labels:
                  run: {applicationId}
              storage:
                path: /var/tempo/generator/wal
                remote_write:
                  - url: {prometheus.RemoteWriteUrl}
            overrides:
              defaults:
                metrics_generator:
                  processors: [span-metrics]
            ingest:
              kafka:
                address: {broker.BootstrapServers}
                topic: {tempoTopic}
                consumer_group: {applicationId}
            kafka:
              state_dir: {Path.Combine(_dir, "tempo-state")}
              processing_guarantee: at_least_once
              commit_interval: 1s
            """);
        var output = new StringBuilder();
        using var process = StartExe(output, "run", "--config", config);
        try
        {
            using (var producer = new SyntheticProducer(new SyntheticProducerOptions { BootstrapServers = broker.BootstrapServers, Topic = tempoTopic, Codec = "otlp", Tenant = "team-x", TracesPerSecond = 0, TracesPerRecord = 1, MaxTraces = 5 }))
            {
                await producer.RunAsync(CancellationToken.None);
            }

            await WaitUntilAsync(async () => await prometheus.QueryValueAsync($"sum(traces_spanmetrics_calls_total{{run=\"{applicationId}\",tenant=\"team-x\"}})") > 0, "calls of the record key's tenant", process, output);
            Assert.Contains("distributor is ignored", Output(output), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            log.WriteLine(Output(output));
        }
    }

    [Fact]
    public async Task A_bad_config_exits_non_zero_naming_the_key()
    {
        var config = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(config, "kafka:\n  processing_guarantee: maybe\n");
        var output = new StringBuilder();
        using var process = StartExe(output, "run", "--config", config);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("kafka.processing_guarantee", Output(output), StringComparison.Ordinal);
    }

    private string WriteConfig(string bootstrapServers, string applicationId, int port, string deadLetterTopic = "")
    {
        var path = Path.Combine(_dir, "worker.yaml");
        File.WriteAllText(path, $"""
            server:
              http_listen_address: 127.0.0.1
              http_listen_port: {port}
            kafka:
              bootstrap_servers: {bootstrapServers}
              application_id: {applicationId}
              dead_letter_topic: "{deadLetterTopic}"
              tenant_header: {TenantHeader}
              default_tenant: {DefaultTenant}
              topics:
                - name: {Topic}
                  codec: otlp_proto
              state_dir: {Path.Combine(_dir, "state")}
              processing_guarantee: at_least_once
              commit_interval: 1s
            metrics_generator:
              registry:
                collection_interval: 1s
                window_grace: 1s
                inject_tenant_id_as: tenant
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

    private async Task<HttpStatusCode> StatusAsync(Uri url)
    {
        using var response = await _http.GetAsync(url);
        return response.StatusCode;
    }

    private Task<string> TextAsync(Uri url) => _http.GetStringAsync(url);

    private async Task<IReadOnlyList<int>> AssignedPartitionsAsync(Uri statusUrl)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await TextAsync(statusUrl));
        return json.RootElement.GetProperty("assignedPartitions").EnumerateArray().Select(e => e.GetInt32()).ToList();
    }

    private static string Output(StringBuilder output) => ExeProcess.Output(output);

    private static Process StartExe(StringBuilder output, params string[] args) => ExeProcess.Start(output, args);

    private static Process StartExe(StringBuilder output, IReadOnlyDictionary<string, string> environment, params string[] args) => ExeProcess.Start(output, environment, args);

}
