using KafkaMetricsGen.Commands;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Tests.Configuration;

namespace KafkaMetricsGen.Tests.Commands;

public sealed class ConfigCheckCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Out, string Err) Run(string config, string? overrides = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ConfigCheckCommand.Run(config, overrides, NoEnvironment, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_valid_configuration_prints_the_effective_configuration_with_defaults()
    {
        var (exit, output, error) = Run(TestData.Path("worker.yaml"), TestData.Path("tempo-runtime-overrides.yaml"));
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("stale_duration: 15m", output, StringComparison.Ordinal);
        Assert.Contains("max_label_value_length: 2048", output, StringComparison.Ordinal);
        Assert.Contains("trace_partitioned: true", output, StringComparison.Ordinal);
        Assert.Contains("  team-a:", output, StringComparison.Ordinal);
        Assert.Contains("remote_write_url: http://mimir-team-b:9009/api/v1/push", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_printed_configuration_loads_again_unchanged()
    {
        var (_, output, _) = Run(TestData.Path("tempo-span-metrics.yaml").Replace("tempo-span-metrics", "worker", StringComparison.Ordinal));
        var first = output[..output.IndexOf("---", StringComparison.Ordinal)];
        var again = WorkerConfigLoader.Load(first, "printed.yaml", NoEnvironment);
        Assert.Equal(first, "# effective configuration (file, KMG_ environment variables and defaults)\n" + Core.Configuration.YamlConfigWriter.Write(again.Effective));
    }

    [Fact]
    public void An_invalid_configuration_prints_every_error_and_exits_1()
    {
        var config = Write("bad.yaml", "kafka: {topics: [], num_stream_threads: 0}\nmetrics_generator: {registry: {foo: 1}}\n");
        var (exit, output, error) = Run(config);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            "error: kafka.num_stream_threads: expected an integer > 0, got \"0\"\n"
            + "error: metrics_generator.registry.foo: unknown key (allowed: collection_interval, stale_duration, external_labels, inject_tenant_id_as, max_label_name_length, max_label_value_length, limiter_type, window_grace, allowed_lateness, future_slack)\n",
            error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void An_invalid_overrides_file_exits_1()
    {
        var overrides = Write("overrides.yaml", "overrides:\n  t:\n    metrics_generator:\n      processors: [span-metrics-duration]\n");
        var (exit, _, error) = Run(TestData.Path("worker.yaml"), overrides);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: overrides.t.metrics_generator.processors[0]: \"span-metrics-duration\" is not a valid processor", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_1()
    {
        var (exit, _, error) = Run(Path.Combine(_dir, "missing.yaml"));
        Assert.Equal(1, exit);
        Assert.Contains("cannot read the configuration file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_printed_as_secret_placeholders()
    {
        var config = Write("secrets.yaml", """
            metrics_generator:
              storage:
                remote_write:
                  - url: https://mimir:9009/api/v1/push
                    headers: {Authorization: Bearer header-token}
                    basic_auth: {username: tempo, password: basic-pass}
                  - url: https://prometheus:9090/api/v1/write
                    authorization: {credentials: bearer-token}
            kafka:
              bootstrap_servers: kafka:9092
              topics: [{name: spans}]
              client_config: {sasl.password: kafka-pass, ssl.key.password: key-pass}
            """);
        var overrides = Write("overrides.yaml", "overrides:\n  team-a:\n    metrics_generator:\n      remote_write_headers: {Authorization: Bearer tenant-token}\n");

        var (exit, output, error) = Run(config, overrides);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        foreach (var secret in (string[])["header-token", "basic-pass", "bearer-token", "kafka-pass", "key-pass", "tenant-token"])
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        Assert.Contains("password: <secret>", output, StringComparison.Ordinal);
        Assert.Contains("credentials: <secret>", output, StringComparison.Ordinal);
        Assert.Contains("sasl.password: <secret>", output, StringComparison.Ordinal);
        Assert.Contains("Authorization: <secret>", output, StringComparison.Ordinal);
        Assert.Contains("username: tempo", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_is_reachable_from_the_command_line()
    {
        var result = CommandLineFactory.Create().Parse(["config", "check", "--config", TestData.Path("worker.yaml")]);
        Assert.Empty(result.Errors);
    }
}
