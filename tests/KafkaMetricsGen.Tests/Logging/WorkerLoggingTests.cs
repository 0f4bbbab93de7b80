using KafkaMetricsGen.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace KafkaMetricsGen.Tests.Logging;

public sealed class WorkerLoggingTests
{
    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    public void Tempo_level_names_map_to_dotnet_levels(string name, LogLevel expected) =>
        Assert.Equal(expected, WorkerLogging.Level(name));

    [Theory]
    [InlineData("logfmt", LogfmtFormatter.FormatterName)]
    [InlineData("json", ConsoleFormatterNames.Json)]
    [InlineData("JSON", ConsoleFormatterNames.Json)]
    public void The_format_selects_the_console_formatter(string format, string formatter)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => WorkerLogging.Configure(b, "info", format));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(formatter, provider.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
    }

    [Fact]
    public void An_unknown_format_is_rejected_naming_the_key()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<ArgumentException>(() => services.AddLogging(b => WorkerLogging.Configure(b, "info", "xml")));
        Assert.StartsWith("server.log_format", error.Message, StringComparison.Ordinal);
    }
}
