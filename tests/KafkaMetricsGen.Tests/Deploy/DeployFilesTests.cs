using System.Diagnostics;
using System.Text.Json;
using KafkaMetricsGen.Commands;
using YamlDotNet.RepresentationModel;

namespace KafkaMetricsGen.Tests.Deploy;

public sealed class DeployFilesTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void The_compose_stack_has_every_service_and_mounts_files_that_exist()
    {
        var compose = DeployFiles.Yaml(DeployFiles.Compose);
        var services = (YamlMappingNode)compose["services"];
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string?>(["kafka", "create-topics", "worker", "trace-producer", "prometheus", "grafana"], StringComparer.Ordinal), names);
        foreach (var (_, service) in services.Children)
        {
            if (((YamlMappingNode)service).Children.TryGetValue("volumes", out var volumes))
            {
                foreach (var volume in ((YamlSequenceNode)volumes).Cast<YamlScalarNode>())
                {
                    var source = volume.Value!.Split(':')[0];
                    if (source.StartsWith("./", StringComparison.Ordinal))
                    {
                        Assert.True(File.Exists(Path.Combine(DeployFiles.Deploy, "..", source)) || Directory.Exists(Path.Combine(DeployFiles.Deploy, "..", source)), $"missing {source}");
                    }
                }
            }
        }
    }

    [Fact]
    public void The_compose_worker_runs_the_stack_config_and_the_topics_it_creates_are_the_ones_the_worker_reads()
    {
        var services = (YamlMappingNode)DeployFiles.Yaml(DeployFiles.Compose)["services"];
        var worker = (YamlMappingNode)services["worker"];
        var command = ((YamlSequenceNode)worker["command"]).Cast<YamlScalarNode>().Select(n => n.Value).ToList();
        Assert.Equal(["run", "--config", "/etc/kafka-metrics-gen/config.yaml"], command);
        var createTopics = string.Join('\n', ((YamlSequenceNode)((YamlMappingNode)services["create-topics"])["command"]).Cast<YamlScalarNode>().Select(n => n.Value));
        var config = DeployFiles.Yaml(DeployFiles.WorkerConfig);
        foreach (var topic in ((YamlSequenceNode)((YamlMappingNode)config["kafka"])["topics"]).Cast<YamlMappingNode>())
        {
            var name = ((YamlScalarNode)topic["name"]).Value!;
            Assert.Contains(name + ":", createTopics, StringComparison.Ordinal);
            Assert.Contains(name + "-dead-letter:", createTopics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_stack_worker_config_passes_config_check()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ConfigCheckCommand.Run(DeployFiles.WorkerConfig, null, NoEnvironment, output, error);
        Assert.True(exit == 0, error.ToString());
    }

    [Fact]
    public void Every_dashboard_is_valid_json_with_a_unique_uid_and_panels_using_the_provisioned_datasource()
    {
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in DeployFiles.Dashboards)
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var root = dashboard.RootElement;
            Assert.True(uids.Add(root.GetProperty("uid").GetString()!), $"{file}: duplicate uid");
            Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
            Assert.NotEmpty(root.GetProperty("panels").EnumerateArray());
        }

        Assert.Equal(3, uids.Count);
        var datasources = DeployFiles.Yaml(Path.Combine(DeployFiles.Deploy, "grafana", "provisioning", "datasources", "prometheus.yml"));
        var url = ((YamlScalarNode)((YamlMappingNode)((YamlSequenceNode)datasources["datasources"])[0])["url"]).Value;
        Assert.Equal("http://prometheus:9090", url);
    }

    [Fact]
    public void Exemplar_links_and_the_service_map_point_at_provisioned_data_sources_and_the_worker_port()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(DeployFiles.Deploy, "grafana", "provisioning", "datasources"), "*.yml")
            .SelectMany(f => ((YamlSequenceNode)DeployFiles.Yaml(f)["datasources"]).Cast<YamlMappingNode>())
            .ToDictionary(d => Scalar(d, "uid"), StringComparer.Ordinal);
        var prometheus = sources["prometheus"];
        var destination = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)prometheus["jsonData"])["exemplarTraceIdDestinations"])[0];
        Assert.Equal(Core.Registry.RegistryDefaults.TraceIdLabelName, Scalar(destination, "name"));
        Assert.Equal("tempo", Scalar(sources[Scalar(destination, "datasourceUid")], "type"));

        var tempo = sources.Values.Where(d => Scalar(d, "type") == "tempo").ToList();
        Assert.Equal(2, tempo.Count);
        Assert.All(tempo, t => Assert.Equal("prometheus", Scalar((YamlMappingNode)((YamlMappingNode)t["jsonData"])["serviceMap"], "datasourceUid")));
        var worker = DeployFiles.Yaml(DeployFiles.WorkerConfig);
        var port = Scalar((YamlMappingNode)worker["server"], "http_listen_port");
        Assert.Contains(tempo, t => Scalar(t, "url") == "http://worker:" + port);
    }

    [Fact]
    public void Every_alert_and_dashboard_expression_names_at_least_one_metric()
    {
        var expressions = DeployFiles.Expressions();
        Assert.True(expressions.Count > 20, $"{expressions.Count} expressions");
        foreach (var (file, expr) in expressions)
        {
            Assert.True(DeployFiles.MetricNames(expr).Any(), $"{file}: {expr}");
        }
    }

    [Fact]
    public void Metric_names_are_read_from_expressions_without_functions_labels_or_variables()
    {
        var names = DeployFiles.MetricNames("histogram_quantile(0.95, sum by (service, le) (rate(traces_spanmetrics_latency_bucket{service=~\"$service\"}[$__rate_interval]))) / on (job) up{job=\"x\"}").ToList();
        Assert.Equal(["traces_spanmetrics_latency_bucket", "up"], names);
    }

    /// <summary>Needs promtool, from the same Debian package as the prometheus binary the remote-write tests need.</summary>
    [Fact]
    public void Promtool_accepts_the_prometheus_config_and_the_alert_rules()
    {
        Assert.True(FindPromtool() is not null, "promtool is not on PATH (Debian/Ubuntu: apt-get install prometheus)");
        var rules = Run("check", "rules", DeployFiles.Alerts);
        Assert.True(rules.Exit == 0, rules.Output);

        // The config names the rule file by its path inside the container; check a copy pointing at the real one.
        var dir = Directory.CreateTempSubdirectory("kmg-promtool-").FullName;
        try
        {
            var config = File.ReadAllText(DeployFiles.PrometheusConfig).Replace("/etc/prometheus/alerts.yml", DeployFiles.Alerts, StringComparison.Ordinal);
            var path = Path.Combine(dir, "prometheus.yml");
            File.WriteAllText(path, config);
            var result = Run("check", "config", path);
            Assert.True(result.Exit == 0, result.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string? FindPromtool() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "promtool")).FirstOrDefault(File.Exists);

    private static (int Exit, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(FindPromtool()!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
