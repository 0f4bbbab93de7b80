using System.Text;
using KafkaMetricsGen.Commands;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Synthetic;
using YamlDotNet.RepresentationModel;

namespace KafkaMetricsGen.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/ against the worker: the StatefulSet's command, probes, ports, volumes and grace period agree with
/// the ConfigMap's configuration; the Service and the PodDisruptionBudget select its pods; and the worker starts with
/// the StatefulSet's exact arguments, environment and ConfigMap file (only the broker address changed).
/// </summary>
public sealed class KubernetesFilesTests : IDisposable
{
    private const string Label = "app.kubernetes.io/name";

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-k8s-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Folder => Path.Combine(DeployFiles.Deploy, "kubernetes");

    private static YamlMappingNode StatefulSet => Kind("statefulset.yaml", "StatefulSet");

    private static YamlMappingNode Container => (YamlMappingNode)((YamlSequenceNode)Map(StatefulSet, "spec", "template", "spec")["containers"])[0];

    [Fact]
    public void The_configmap_holds_a_config_that_passes_config_check()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(ConfigCheckCommand.Run(ConfigFile(), null, new Dictionary<string, string>(), output, error) == 0, error.ToString());
    }

    [Fact]
    public void The_statefulset_runs_the_configmap_file_with_probes_and_ports_of_that_config()
    {
        var config = WorkerConfigLoader.LoadFile(ConfigFile(), Environment(Container));
        var args = Strings(Container["args"]);
        var configPath = args[args.IndexOf("--config") + 1];
        Assert.Equal("run", args[0]);

        // The --config path is the ConfigMap's key under the config volume's mount.
        var mounts = ((YamlSequenceNode)Container["volumeMounts"]).Cast<YamlMappingNode>().ToDictionary(m => Scalar(m, "name"), m => Scalar(m, "mountPath"), StringComparer.Ordinal);
        var volumes = ((YamlSequenceNode)Map(StatefulSet, "spec", "template", "spec")["volumes"]).Cast<YamlMappingNode>().ToList();
        var configVolume = volumes.Single(v => v.Children.ContainsKey("configMap"));
        Assert.Equal(Scalar(Kind("configmap.yaml", "ConfigMap"), "metadata", "name"), Scalar(configVolume, "configMap", "name"));
        Assert.Equal(mounts[Scalar(configVolume, "name")] + "/config.yaml", configPath);

        // The port the config listens on is the container's "http" port, which both probes and the Service use.
        var port = ((YamlSequenceNode)Container["ports"]).Cast<YamlMappingNode>().Single(p => Scalar(p, "name") == "http");
        Assert.Equal(config.Server.HttpListenPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(port, "containerPort"));
        Assert.Equal(HttpPaths.Live, Scalar(Container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(HttpPaths.Ready, Scalar(Container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("http", Scalar(Container, "livenessProbe", "httpGet", "port"));
        Assert.Equal("http", Scalar(Container, "readinessProbe", "httpGet", "port"));

        // kafka.state_dir and the storage paths live on the per-pod volume claim.
        var claim = Scalar((YamlMappingNode)((YamlSequenceNode)Map(StatefulSet, "spec")["volumeClaimTemplates"])[0], "metadata", "name");
        Assert.StartsWith(mounts[claim] + "/", config.Kafka.StateDir, StringComparison.Ordinal);

        // The grace period covers the host's shutdown timeout: the remote-write flush deadline plus 30 s.
        var grace = int.Parse(Scalar(StatefulSet, "spec", "template", "spec", "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(grace > (config.RemoteWrite.FlushDeadline + TimeSpan.FromSeconds(30)).TotalSeconds, $"terminationGracePeriodSeconds {grace}");

        // Pods are spread over nodes.
        var term = Map((YamlMappingNode)((YamlSequenceNode)Map(StatefulSet, "spec", "template", "spec", "affinity", "podAntiAffinity")["preferredDuringSchedulingIgnoredDuringExecution"])[0], "podAffinityTerm");
        Assert.Equal("kubernetes.io/hostname", Scalar(term, "topologyKey"));
        Assert.Equal(PodLabel(), Scalar(term, "labelSelector", "matchLabels", Label));
    }

    [Fact]
    public void The_service_and_the_disruption_budget_select_the_statefulsets_pods()
    {
        var service = Kind("service.yaml", "Service");
        Assert.Equal(PodLabel(), Scalar(service, "spec", "selector", Label));
        Assert.Equal(Scalar(service, "metadata", "name"), Scalar(StatefulSet, "spec", "serviceName"));
        var port = (YamlMappingNode)((YamlSequenceNode)Map(service, "spec")["ports"])[0];
        Assert.Equal("http", Scalar(port, "targetPort"));

        var budget = Kind("poddisruptionbudget.yaml", "PodDisruptionBudget");
        Assert.Equal(PodLabel(), Scalar(budget, "spec", "selector", "matchLabels", Label));
        Assert.Equal("1", Scalar(budget, "spec", "maxUnavailable"));
        Assert.Equal(PodLabel(), Scalar(StatefulSet, "spec", "selector", "matchLabels", Label));
    }

    [Fact]
    public async Task The_worker_starts_with_the_statefulsets_arguments_environment_and_configmap_and_counts_spans()
    {
        var config = ConfigFile();
        var topic = Scalar((YamlMappingNode)((YamlSequenceNode)Map((YamlMappingNode)DeployFiles.Yaml(config), "kafka")["topics"])[0], "name");
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        DeployedWorker.CreateTopics(broker, config, [(topic, 2), (topic + "-dead-letter", 1)]);
        var mounts = ((YamlSequenceNode)Container["volumeMounts"]).Cast<YamlMappingNode>().ToList();
        var launch = new ContainerLaunch
        {
            Arguments = Strings(Container["args"]),
            Environment = Environment(Container),
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { [mounts.Single(m => Scalar(m, "name") == "config").Children["mountPath"] + "/config.yaml"] = config },
            Volumes = [Scalar(mounts.Single(m => Scalar(m, "name") == "state"), "mountPath")],
        };
        var port = DeployedWorker.FreePort();
        var output = new StringBuilder();
        using var worker = launch.Start(output, _dir, broker.BootstrapServers, port);
        using var stop = new CancellationTokenSource();
        using var producer = new SyntheticProducer(new SyntheticProducerOptions { BootstrapServers = broker.BootstrapServers, Topic = topic, TracesPerSecond = 20, TracesPerRecord = 2 });
        var producing = producer.RunAsync(stop.Token);
        try
        {
            await DeployedWorker.WaitReadyAndCountingAsync(worker, output, port);
        }
        finally
        {
            await stop.CancelAsync();
            await producing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            DeployedWorker.Stop(worker);
        }
    }

    /// <summary>The ConfigMap's config.yaml as a file.</summary>
    private string ConfigFile()
    {
        var path = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(path, Scalar(Kind("configmap.yaml", "ConfigMap"), "data", "config.yaml"));
        return path;
    }

    private static string PodLabel() => Scalar(StatefulSet, "spec", "template", "metadata", "labels", Label);

    private static Dictionary<string, string> Environment(YamlMappingNode container) =>
        ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"), e => Scalar(e, "value"), StringComparer.Ordinal);

    private static YamlMappingNode Kind(string file, string kind)
    {
        var document = DeployFiles.Yaml(Path.Combine(Folder, file));
        Assert.Equal(kind, Scalar(document, "kind"));
        return document;
    }

    private static YamlMappingNode Map(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => (YamlMappingNode)current[key]);

    private static string Scalar(YamlMappingNode node, params string[] path) =>
        ((YamlScalarNode)Map(node, path[..^1])[path[^1]]).Value!;

    private static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Cast<YamlScalarNode>().Select(n => n.Value!).ToList();
}
