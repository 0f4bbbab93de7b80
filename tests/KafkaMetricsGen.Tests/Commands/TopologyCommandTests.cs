using KafkaMetricsGen.Commands;

namespace KafkaMetricsGen.Tests.Commands;

public sealed class TopologyCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-topology-command-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(string? config, int partitions = 4)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TopologyCommand.Run(config, partitions, null, NoEnvironment, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Without_a_config_it_prints_the_topology_of_the_default_topic()
    {
        var (exit, output, error) = Run(null);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("source-otlp-spans", output, StringComparison.Ordinal);
        Assert.Contains("generate", output, StringComparison.Ordinal);
        Assert.Contains("series-store", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_config_it_describes_every_configured_input()
    {
        var config = Path.Combine(_dir, "worker.yaml");
        File.WriteAllText(config, "kafka:\n  topics:\n    - name: spans-a\n    - name: spans-b\n      codec: otlp_json\n");

        var (exit, output, _) = Run(config);

        Assert.Equal(0, exit);
        Assert.Contains("decode-spans-a", output, StringComparison.Ordinal);
        Assert.Contains("decode-spans-b", output, StringComparison.Ordinal);
        Assert.Contains("spans-b-dead-letter", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_config_exits_2_naming_the_key()
    {
        var config = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(config, "kafka:\n  topics:\n    - name: spans\n      codec: avro\n");

        var (exit, output, error) = Run(config);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("kafka.topics[0].codec", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_is_reachable_from_the_command_line()
    {
        var result = CommandLineFactory.Create().Parse(["topology", "--write", _dir, "--partitions", "8"]);
        Assert.Empty(result.Errors);
    }
}
