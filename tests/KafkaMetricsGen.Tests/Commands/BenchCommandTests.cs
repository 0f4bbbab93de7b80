using KafkaMetricsGen.Commands;

namespace KafkaMetricsGen.Tests.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public void The_throughput_bench_is_reachable_from_the_command_line()
    {
        var result = CommandLineFactory.Create().Parse(["bench", "throughput", "--spans", "1000", "--partitions", "2", "--guarantee", "exactly_once"]);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task A_bad_guarantee_exits_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLineRunner.RunAsync(["bench", "throughput", "--guarantee", "sometimes"], output, error);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--guarantee: 'sometimes' is not allowed (allowed: at_least_once, exactly_once)", error.ToString(), StringComparison.Ordinal);
    }
}
