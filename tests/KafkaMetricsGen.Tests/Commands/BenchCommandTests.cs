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
        using var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await CommandLineFactory.Create().Parse(["bench", "throughput", "--guarantee", "sometimes"]).InvokeAsync();
            Assert.Equal(2, exit);
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Contains("--guarantee", error.ToString(), StringComparison.Ordinal);
    }
}
