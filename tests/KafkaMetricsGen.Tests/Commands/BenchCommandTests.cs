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

    [Theory]
    [InlineData("fetch.queue.backoff.ms", "kafka.client_config.fetch.queue.backoff.ms")]
    [InlineData("security.protocol=tls", "kafka.client_config.security.protocol")]
    [InlineData("group.id=mine", "kafka.client_config.group.id")]
    public async Task A_bad_client_config_item_exits_2_naming_the_flag_and_the_problem(string item, string named)
    {
        using var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await CommandLineFactory.Create().Parse(["bench", "throughput", "--client-config", item]).InvokeAsync();
            Assert.Equal(2, exit);
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Contains("--client-config", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(item.Contains('=', StringComparison.Ordinal) ? named : item, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_config_items_become_settings()
    {
        var settings = BenchCommand.ParseClientConfig(["fetch.queue.backoff.ms=1000", "fetch.wait.max.ms = 500"]);

        Assert.Equal("1000", settings["fetch.queue.backoff.ms"]);
        Assert.Equal("500", settings["fetch.wait.max.ms"]);
    }
}
