using KafkaMetricsGen.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Tests.Logging;

public sealed class LogfmtFormatterTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

    [Fact]
    public void A_line_has_the_time_level_logger_and_message_as_key_value_pairs()
    {
        var line = Format(LogLevel.Warning, "Some.Category", "remote write failing: 503 from \"prometheus\"", null);
        Assert.Equal("ts=2026-01-02T03:04:05.678Z level=warn logger=Some.Category msg=\"remote write failing: 503 from \\\"prometheus\\\"\"\n", line);
    }

    [Fact]
    public void Bare_values_stay_unquoted_and_an_exception_becomes_err()
    {
        var line = Format(LogLevel.Error, "C", "stopped", new InvalidOperationException("bad\nthing"));
        Assert.Equal("ts=2026-01-02T03:04:05.678Z level=error logger=C msg=stopped err=\"InvalidOperationException: bad\\nthing\"\n", line);
    }

    [Theory]
    [InlineData(LogLevel.Debug, "debug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Warning, "warn")]
    [InlineData(LogLevel.Critical, "error")]
    public void Levels_use_tempo_names(LogLevel level, string name) => Assert.Equal(name, LogfmtFormatter.LevelName(level));

    private static string Format(LogLevel level, string category, string message, Exception? exception)
    {
        using var writer = new StringWriter();
        var entry = new LogEntry<string>(level, category, default, message, exception, static (s, _) => s);
        new LogfmtFormatter { Time = Clock }.Write(entry, null, writer);
        return writer.ToString();
    }
}
