using System.Text;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>
/// Every command through the built exe: a bad flag, value or config names the flag or key and what is allowed and
/// exits 2, a runtime failure exits 1, success 0, and no output ever holds a stack trace.
/// </summary>
public sealed class CommandLineRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, int, string> Cases => new()
    {
        { "demo --processing-guarantee exactly-once", 2, "--processing-guarantee: 'exactly-once' is not allowed (allowed: at_least_once, exactly_once)" },
        { "demo --rate abc", 2, "--rate: 'abc' is not a number" },
        { "demo --partitions 0", 2, "--partitions: 0 is too small (at least 1)" },
        { "demo --http nope", 2, "--http: 'nope' is not host:port" },
        { "demo --http 127.0.0.1:99999", 2, "--http: '127.0.0.1:99999' is not host:port" },
        { "demo --remote-write notaurl", 2, "--remote-write: 'notaurl' is not an absolute http(s) URL" },
        { "generate --bootstrap-server 127.0.0.1:1 --topic t --codec foo", 2, "--codec: 'foo' is not allowed (allowed: otlp_proto, otlp_json, push-bytes)" },
        { "generate --topic t", 2, "--bootstrap-servers" },
        { "generate --bootstrap-server 127.0.0.1:1 --topic t --count 1 --delivery-timeout 2s", 1, "not delivered: 1 of 1 records (1 traces) to t on 127.0.0.1:1" },
        { "run --config {dir}/missing.yaml", 2, "error: {dir}/missing.yaml: cannot read the configuration file" },
        { "replay --config {dir}/missing.yaml --from 0", 2, "error: {dir}/missing.yaml: cannot read the configuration file" },
        { "run --config {bad}", 2, "kafka.processing_guarantee" },
        { "run --config {dir}/x.yaml --nope", 2, "--nope" },
        { "config check --config {bad}", 2, "kafka.processing_guarantee" },
        { "config check --config {stack}", 0, "# effective configuration" },
        { "process --config {stack} --format zipkin {dir}/a.json", 2, "--format: 'zipkin' is not allowed" },
        { "process --config {stack} --format otlp_json {undecodable}", 1, "undecodable.json" },
        { "replay --bootstrap-server 127.0.0.1:1 --topic t --from yesterday", 2, "replay --from" },
        { "replay --bootstrap-server 127.0.0.1:1 --topic t", 2, "--from" },
        { "replay --bootstrap-server 127.0.0.1:1 --topic t --from 0 --processing-guarantee once", 2, "--processing-guarantee: 'once' is not allowed" },
        { "topology --partitions many", 2, "--partitions: 'many' is not a whole number" },
        { "topology", 0, "Topologies:" },
        { "broker --topic spans:zero", 2, "--topic" },
        { "bench throughput --spans lots", 2, "--spans: 'lots' is not a whole number" },
        { "bench throughput --guarantee none", 2, "--guarantee: 'none' is not allowed" },
        { "frobnicate", 2, "frobnicate" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_command_exits_with_the_documented_code_and_says_why_without_a_stack_trace(string commandLine, int exit, string expected)
    {
        var bad = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(bad, "kafka:\n  processing_guarantee: maybe\n");
        var undecodable = Path.Combine(_dir, "undecodable.json");
        await File.WriteAllTextAsync(undecodable, "{\"resourceSpans\": [ not json");
        var args = commandLine
            .Replace("{dir}", _dir, StringComparison.Ordinal)
            .Replace("{bad}", bad, StringComparison.Ordinal)
            .Replace("{undecodable}", undecodable, StringComparison.Ordinal)
            .Replace("{stack}", Path.Combine(RepositoryPaths.Root, "deploy", "worker", "config.yaml"), StringComparison.Ordinal)
            .Split(' ');

        var output = new StringBuilder();
        using var process = ExeProcess.Start(output, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var text = ExeProcess.Output(output);

        Assert.True(process.ExitCode == exit, $"exit {process.ExitCode}, expected {exit}; output:\n{text}");
        Assert.Contains(expected.Replace("{dir}", _dir, StringComparison.Ordinal), text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", text, StringComparison.Ordinal);
    }
}
