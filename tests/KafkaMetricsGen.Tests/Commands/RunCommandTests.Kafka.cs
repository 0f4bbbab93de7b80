using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TopologyDocs;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary><c>run</c> when Kafka is not there yet, and against the <c>broker</c> command with and without its admin API.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task With_kafka_unreachable_run_says_so_naming_the_key_stays_unready_and_starts_once_kafka_is_up()
    {
        var kafkaPort = Loopback.FreePort();
        var applicationId = "unreachable-" + Guid.NewGuid().ToString("N")[..8];
        var port = Loopback.FreePort();
        var config = WriteConfig($"127.0.0.1:{kafkaPort}", applicationId, port);
        var output = new StringBuilder();
        using var process = StartExe(output, "run", "--config", config);
        try
        {
            var baseUrl = new Uri($"http://127.0.0.1:{port}");
            await WaitUntilAsync(() => Task.FromResult(Output(output).Contains($"kafka.bootstrap_servers: cannot reach Kafka at 127.0.0.1:{kafkaPort}", StringComparison.Ordinal)), "the unreachable line", process, output);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(new Uri(baseUrl, HttpPaths.Ready)));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(new Uri(baseUrl, HttpPaths.Live)));

            // librdkafka's reconnect attempts (hundreds per 10 s) arrive through the logger, rate-limited.
            await WaitUntilAsync(() => Task.FromResult(Output(output).Contains("retrying in 2s", StringComparison.Ordinal)), "the second attempt", process, output);
            var text = Output(output);
            Assert.True(text.Split('\n').Length < 30, text);
            Assert.DoesNotContain("%3|", text, StringComparison.Ordinal);
            Assert.Matches(SuppressedLine(), text);

            // Kafka comes up on the configured address: the worker starts by itself.
            using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1, Port = kafkaPort });
            broker.CreateTopic(Topic, Partitions);
            foreach (var topic in WorkerTopology.Topics(TopologySettingsFactory.Create([new InputTopic(Topic, "otlp_proto")], Partitions), applicationId))
            {
                broker.CreateTopic(topic.Name, topic.Partitions);
            }

            await WaitUntilAsync(async () => await StatusAsync(new Uri(baseUrl, HttpPaths.Ready)) == HttpStatusCode.OK, "/ready = 200 once Kafka is up", process, output);
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
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            log.WriteLine(Output(output));
        }
    }

    [Fact]
    public async Task Against_the_broker_command_run_creates_its_internal_topics_through_the_admin_api_and_gets_ready()
    {
        var brokerOutput = new StringBuilder();
        using var broker = StartExe(brokerOutput, "broker", "--topic", $"{Topic}:{Partitions}");
        var output = new StringBuilder();
        Process? run = null;
        try
        {
            await WaitUntilAsync(() => Task.FromResult(Output(brokerOutput).Contains("bootstrap: ", StringComparison.Ordinal)), "the broker's address", broker, brokerOutput);
            var bootstrap = Output(brokerOutput).Split('\n')[0]["bootstrap: ".Length..].Trim();
            var applicationId = "admin-" + Guid.NewGuid().ToString("N")[..8];
            var port = Loopback.FreePort();
            run = StartExe(output, "run", "--config", WriteConfig(bootstrap, applicationId, port));
            await WaitUntilAsync(async () => await StatusAsync(new Uri($"http://127.0.0.1:{port}{HttpPaths.Ready}")) == HttpStatusCode.OK, "/ready = 200", run, output);

            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
            var existing = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
            foreach (var topic in WorkerTopology.Topics(TopologySettingsFactory.Create([new InputTopic(Topic, "otlp_proto")], Partitions), applicationId))
            {
                Assert.True(existing.TryGetValue(topic.Name, out var partitions) && partitions == topic.Partitions, $"{topic.Name} with {topic.Partitions} partitions; topics: {string.Join(", ", existing.Keys)}");
            }
        }
        finally
        {
            if (run is not null)
            {
                if (!run.HasExited)
                {
                    run.Kill(entireProcessTree: true);
                }

                log.WriteLine(Output(output));
                run.Dispose();
            }

            broker.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Against_a_broker_without_admin_api_run_exits_1_listing_the_topics_to_create_with_partitions_and_configs()
    {
        var brokerOutput = new StringBuilder();
        using var broker = StartExe(brokerOutput, "broker", "--topic", $"{Topic}:{Partitions}", "--no-admin-api");
        try
        {
            await WaitUntilAsync(() => Task.FromResult(Output(brokerOutput).Contains("bootstrap: ", StringComparison.Ordinal)), "the broker's address", broker, brokerOutput);
            var bootstrap = Output(brokerOutput).Split('\n')[0]["bootstrap: ".Length..].Trim();
            var applicationId = "no-admin-" + Guid.NewGuid().ToString("N")[..8];
            var output = new StringBuilder();
            using var run = StartExe(output, "run", "--config", WriteConfig(bootstrap, applicationId, Loopback.FreePort()));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await run.WaitForExitAsync(timeout.Token);
            var text = Output(output);

            Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}; output:\n{text}");
            Assert.Contains("kafka.bootstrap_servers: the cluster at " + bootstrap + " did not create the worker's topics", text, StringComparison.Ordinal);
            foreach (var topic in WorkerTopology.Topics(TopologySettingsFactory.Create([new InputTopic(Topic, "otlp_proto")], Partitions), applicationId).Where(t => t.Name != Topic))
            {
                var configs = string.Concat((topic.Configs ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $" --config {kv.Key}={kv.Value}"));
                Assert.Contains($"--create --topic {topic.Name} --partitions {topic.Partitions}{configs}\n", text, StringComparison.Ordinal);
                Assert.Contains($" --topic {topic.Name}:{topic.Partitions}", text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            broker.Kill(entireProcessTree: true);
        }
    }

    [GeneratedRegex(@"librdkafka \w+: .*; [1-9]\d* similar lines suppressed")]
    private static partial Regex SuppressedLine();
}
