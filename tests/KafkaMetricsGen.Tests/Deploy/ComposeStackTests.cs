using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Tests.Commands;
using YamlDotNet.RepresentationModel;

namespace KafkaMetricsGen.Tests.Deploy;

/// <summary>
/// docker-compose.yml as compose runs it, without a container engine: the worker service's command, its whole
/// environment block and its mounted config; the trace-producer service's command; the topics the create-topics
/// service creates. Only the Kafka address is the embedded broker's (plus the mapped port and volume directories).
/// </summary>
public sealed partial class ComposeStackTests : IDisposable
{
    private const string ComposeKafka = "kafka:9092";

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-compose-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_worker_starts_as_the_compose_service_does_becomes_ready_and_counts_the_producers_spans()
    {
        var services = Services();
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        DeployedWorker.CreateTopics(broker, DeployFiles.WorkerConfig, CreatedTopics(services));
        var port = DeployedWorker.FreePort();
        var output = new StringBuilder();
        using var worker = Launch(services, "worker").Start(output, _dir, broker.BootstrapServers, port);
        var producerOutput = new StringBuilder();
        var producerArgs = Command(services, "trace-producer").Select(a => a == ComposeKafka ? broker.BootstrapServers : a).ToArray();
        using var producer = ExeProcess.Start(producerOutput, producerArgs);
        try
        {
            await DeployedWorker.WaitReadyAndCountingAsync(worker, output, port);

            // The service's own healthcheck, on the mapped port.
            var check = HealthcheckScript(services, "worker").Replace("/8080", "/" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            using var bash = Process.Start("bash", ["-c", check]);
            await bash.WaitForExitAsync();
            Assert.True(bash.ExitCode == 0, $"the worker's healthcheck failed: {check}");

            // logfmt, as the environment block asks for.
            Assert.Matches(LogfmtLine(), ExeProcess.Output(output));
            Assert.False(producer.HasExited, ExeProcess.Output(producerOutput));
        }
        finally
        {
            DeployedWorker.Stop(producer);
            DeployedWorker.Stop(worker);
        }
    }

    [Fact]
    public async Task The_tempo_profile_worker_reads_tempo_ingest_taking_the_tenant_from_the_record_key()
    {
        var services = Services();
        var config = ((YamlSequenceNode)((YamlMappingNode)services["worker-tempo"])["volumes"]).Cast<YamlScalarNode>().Select(v => v.Value!.Split(':')[0]).Single(v => v.StartsWith("./", StringComparison.Ordinal));
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        DeployedWorker.CreateTopics(broker, Path.Combine(Path.GetDirectoryName(DeployFiles.Compose)!, config[2..]), CreatedTopics(services));
        var port = DeployedWorker.FreePort();
        var output = new StringBuilder();
        using var worker = Launch(services, "worker-tempo").Start(output, _dir, broker.BootstrapServers, port);

        // What Tempo's distributor writes: push-bytes records keyed by tenant.
        var producerOutput = new StringBuilder();
        using var producer = ExeProcess.Start(producerOutput, "generate", "--bootstrap-server", broker.BootstrapServers, "--topic", TempoIngestTopic(), "--codec", "push-bytes", "--tenant", "team-a", "--rate", "20");
        try
        {
            await DeployedWorker.WaitReadyAndCountingAsync(worker, output, port);
            using var http = new HttpClient();
            var received = ScrapedSample.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")))
                .Where(s => s.Name == KafkaMetricsGen.Core.Telemetry.SelfMetricNames.SpansReceived && s.Value > 0)
                .Select(s => s.Label("tenant")).ToList();
            Assert.Equal(["team-a"], received);
        }
        finally
        {
            DeployedWorker.Stop(producer);
            DeployedWorker.Stop(worker);
        }
    }

    [Fact]
    public void Tempo_writes_the_topic_the_tempo_worker_reads_and_the_collector_sends_to_tempos_receiver()
    {
        var tempo = DeployFiles.Yaml(Path.Combine(DeployFiles.Deploy, "tempo", "tempo.yaml"));
        var ingest = (YamlMappingNode)((YamlMappingNode)tempo["ingest"])["kafka"];
        var worker = (YamlMappingNode)DeployFiles.Yaml(Path.Combine(DeployFiles.Deploy, "worker", "tempo.yaml"))["kafka"];
        var input = (YamlMappingNode)Assert.Single((YamlSequenceNode)worker["topics"]);
        Assert.Equal(((YamlScalarNode)ingest["topic"]).Value, ((YamlScalarNode)input["name"]).Value);
        Assert.Equal("push-bytes", ((YamlScalarNode)input["codec"]).Value);
        Assert.Equal(((YamlScalarNode)ingest["address"]).Value, ((YamlScalarNode)worker["bootstrap_servers"]).Value);
        Assert.Contains(TempoIngestTopic(), CreatedTopics(Services()).Select(t => t.Name));

        // The Collector's OTLP exporter points at the distributor service on the port Tempo's OTLP gRPC receiver uses.
        var collector = DeployFiles.Yaml(Path.Combine(DeployFiles.Deploy, "otel-collector", "config.yaml"));
        var endpoint = ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)collector["exporters"])["otlp/tempo"])["endpoint"]).Value!.Split(':');
        var distributor = (YamlMappingNode)Services()[endpoint[0]];
        Assert.Contains("-target=distributor", Command(Services(), endpoint[0]));
        Assert.Equal("tempo", ((YamlScalarNode)((YamlSequenceNode)distributor["profiles"])[0]).Value);
        var grpc = ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)tempo["distributor"])["receivers"])["otlp"])["protocols"])["grpc"])["endpoint"]).Value!;
        Assert.EndsWith(":" + endpoint[1], grpc, StringComparison.Ordinal);
    }

    [Fact]
    public void The_collectors_kafka_exporter_example_writes_otlp_proto_by_trace_id_to_the_stack_workers_topic()
    {
        var kafka = (YamlMappingNode)((YamlMappingNode)DeployFiles.Yaml(Path.Combine(DeployFiles.Deploy, "otel-collector", "kafka-exporter.yaml"))["exporters"])["kafka"];
        var traces = (YamlMappingNode)kafka["traces"];
        Assert.Equal("true", ((YamlScalarNode)kafka["partition_traces_by_id"]).Value);
        var worker = (YamlMappingNode)DeployFiles.Yaml(DeployFiles.WorkerConfig)["kafka"];
        var input = (YamlMappingNode)Assert.Single((YamlSequenceNode)worker["topics"]);
        Assert.Equal(((YamlScalarNode)input["name"]).Value, ((YamlScalarNode)traces["topic"]).Value);
        Assert.Equal(((YamlScalarNode)input["codec"]).Value, ((YamlScalarNode)traces["encoding"]).Value);
        Assert.Equal(((YamlScalarNode)worker["bootstrap_servers"]).Value, ((YamlScalarNode)Assert.Single((YamlSequenceNode)kafka["brokers"])).Value);
    }

    [Fact]
    public void Every_long_running_service_has_a_healthcheck_and_the_one_shot_job_is_waited_for()
    {
        // create-topics runs once; Tempo's, the Collector's and the OTLP load's images are distroless (no shell or
        // HTTP client to probe with).
        var exempt = new HashSet<string>(StringComparer.Ordinal) { "create-topics", "otel-collector", "otlp-load" };
        var services = Services();
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            var image = service.Children.TryGetValue("image", out var i) ? ((YamlScalarNode)i).Value! : string.Empty;
            if (exempt.Contains(((YamlScalarNode)name).Value!) || image.StartsWith("grafana/tempo:", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(service.Children.ContainsKey("healthcheck"), $"{name}: no healthcheck");
        }

        var worker = (YamlMappingNode)services["worker"];
        var dependsOn = (YamlMappingNode)worker["depends_on"];
        Assert.Equal("service_completed_successfully", ((YamlScalarNode)((YamlMappingNode)dependsOn["create-topics"])["condition"]).Value);
    }

    [Fact]
    public void The_worker_image_is_built_once_and_kafka_keeps_its_data_on_a_volume()
    {
        var services = Services();
        var built = services.Children.Where(s => ((YamlMappingNode)s.Value).Children.ContainsKey("build")).Select(s => ((YamlScalarNode)s.Key).Value).ToList();
        Assert.Equal(["worker"], built);
        var image = ((YamlScalarNode)((YamlMappingNode)services["worker"])["image"]).Value;
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            if (service.Children.TryGetValue("image", out var i) && ((YamlScalarNode)i).Value == image && ((YamlScalarNode)name).Value != "worker")
            {
                Assert.Equal("never", ((YamlScalarNode)service["pull_policy"]).Value);
            }
        }

        var kafka = (YamlMappingNode)services["kafka"];
        var dataDir = ((YamlScalarNode)((YamlMappingNode)kafka["environment"])["KAFKA_LOG_DIRS"]).Value;
        var volumes = ((YamlSequenceNode)kafka["volumes"]).Cast<YamlScalarNode>().Select(v => v.Value!.Split(':')).ToList();
        var volume = Assert.Single(volumes, v => v[1] == dataDir);
        Assert.True(((YamlMappingNode)DeployFiles.Yaml(DeployFiles.Compose)["volumes"]).Children.ContainsKey(volume[0]), $"{volume[0]} is not a named volume");
    }

    /// <summary>The worker service as it starts: command, environment block, mounted files and volumes.</summary>
    public static ContainerLaunch Launch(YamlMappingNode services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var service = (YamlMappingNode)services[name];
        var environment = service.Children.TryGetValue("environment", out var env)
            ? ((YamlMappingNode)env).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? string.Empty, StringComparer.Ordinal)
            : [];
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var volumes = new List<string>();
        foreach (var mount in ((YamlSequenceNode)service["volumes"]).Cast<YamlScalarNode>().Select(v => v.Value!.Split(':')))
        {
            if (mount[0].StartsWith("./", StringComparison.Ordinal))
            {
                files[mount[1]] = Path.Combine(Path.GetDirectoryName(DeployFiles.Compose)!, mount[0][2..]);
            }
            else
            {
                volumes.Add(mount[1]);
            }
        }

        return new ContainerLaunch { Arguments = Command(services, name), Environment = environment, Files = files, Volumes = volumes };
    }

    private static string TempoIngestTopic() =>
        ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)DeployFiles.Yaml(Path.Combine(DeployFiles.Deploy, "tempo", "tempo.yaml"))["ingest"])["kafka"])["topic"]).Value!;

    private static YamlMappingNode Services() => (YamlMappingNode)DeployFiles.Yaml(DeployFiles.Compose)["services"];

    private static IReadOnlyList<string> Command(YamlMappingNode services, string name) =>
        ((YamlSequenceNode)((YamlMappingNode)services[name])["command"]).Cast<YamlScalarNode>().Select(n => n.Value!).ToList();

    private static string HealthcheckScript(YamlMappingNode services, string name)
    {
        var test = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)services[name])["healthcheck"])["test"]).Cast<YamlScalarNode>().Select(n => n.Value!).ToList();
        Assert.Equal(["CMD", "bash", "-c"], test.Take(3));
        return test[3];
    }

    /// <summary>The topics of the create-topics service's loop (<c>for t in name:partitions …; do</c>).</summary>
    private static IReadOnlyList<(string Name, int Partitions)> CreatedTopics(YamlMappingNode services)
    {
        var script = string.Join('\n', Command(services, "create-topics"));
        var loop = TopicLoop().Match(script);
        Assert.True(loop.Success, script);
        return loop.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => (t.Split(':')[0], int.Parse(t.Split(':')[1], CultureInfo.InvariantCulture))).ToList();
    }

    [GeneratedRegex(@"for t in ([^;]+);")]
    private static partial Regex TopicLoop();

    [GeneratedRegex(@"(?m)^ts=\S+ level=info logger=\S+ msg=")]
    private static partial Regex LogfmtLine();
}
