using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Telemetry;

public sealed class RateLimitedLoggerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLogger _logger = new();

    [Fact]
    public void Logs_the_first_line_of_a_key_and_suppresses_the_rest_within_the_interval()
    {
        var log = new RateLimitedLogger(_logger, TimeSpan.FromSeconds(10), _time);
        Assert.True(log.Warn("spans/bad_proto", "dead letter", "truncated"));
        Assert.False(log.Warn("spans/bad_proto", "dead letter", "truncated"));
        Assert.False(log.Warn("spans/bad_proto", "dead letter", "truncated"));
        Assert.Single(_logger.Lines);
    }

    [Fact]
    public void Reports_how_many_lines_were_suppressed_with_the_next_line_after_the_interval()
    {
        var log = new RateLimitedLogger(_logger, TimeSpan.FromSeconds(10), _time);
        log.Warn("k", "dead letter", "d");
        log.Warn("k", "dead letter", "d");
        log.Warn("k", "dead letter", "d");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(log.Warn("k", "dead letter", "d"));
        Assert.Equal(2, _logger.Lines.Count);
        Assert.Contains("2 similar lines suppressed", _logger.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_limited_independently()
    {
        var log = new RateLimitedLogger(_logger, TimeSpan.FromSeconds(10), _time);
        Assert.True(log.Warn("a", "m", "d"));
        Assert.True(log.Warn("b", "m", "d"));
        Assert.Equal(2, _logger.Lines.Count);
    }

    [Fact]
    public void Does_nothing_when_warnings_are_disabled()
    {
        var log = new RateLimitedLogger(new CapturingLogger(LogLevel.Error), TimeSpan.FromSeconds(10), _time);
        Assert.False(log.Warn("a", "m", "d"));
    }

    private sealed class CapturingLogger(LogLevel minimum = LogLevel.Trace) : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
