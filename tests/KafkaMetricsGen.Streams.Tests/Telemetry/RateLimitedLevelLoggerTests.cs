using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Telemetry;

public sealed class RateLimitedLevelLoggerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLogger _logger = new();

    [Fact]
    public void A_flood_of_errors_is_one_line_per_interval_with_the_count_of_the_rest()
    {
        var log = new RateLimitedLevelLogger(_logger, TimeSpan.FromSeconds(10), _time);
        for (var i = 0; i < 100; i++)
        {
            log.LogError("Connect to broker {Attempt} failed", i);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        log.LogError("Connect to broker {Attempt} failed", 100);

        Assert.Equal(["Connect to broker 0 failed", "Connect to broker 100 failed; 99 similar lines suppressed"], _logger.Lines.Select(l => l.Text));
        Assert.All(_logger.Lines, l => Assert.Equal(LogLevel.Error, l.Level));
    }

    [Fact]
    public void Levels_are_limited_apart_and_information_passes_through()
    {
        var log = new RateLimitedLevelLogger(_logger, TimeSpan.FromSeconds(10), _time);
        log.LogWarning("w");
        log.LogWarning("w");
        log.LogError("e");
        log.LogInformation("i");
        log.LogInformation("i");
        Assert.Equal(["w", "e", "i", "i"], _logger.Lines.Select(l => l.Text));
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
