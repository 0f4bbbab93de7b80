using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Passes at most one warning or error per level and interval to <paramref name="inner"/>; the lines in between are
/// counted and reported with the next one. Information and below pass through.
/// </summary>
public sealed class RateLimitedLevelLogger(ILogger inner, TimeSpan interval, TimeProvider time) : ILogger
{
    private readonly Slot[] _slots = [new(), new(), new()];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (logLevel < LogLevel.Warning || logLevel == LogLevel.None)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var slot = _slots[(int)logLevel - (int)LogLevel.Warning];
        var now = time.GetTimestamp();
        long suppressed;
        lock (slot)
        {
            if (slot.LastLogged != 0 && time.GetElapsedTime(slot.LastLogged, now) < interval)
            {
                slot.Suppressed++;
                return;
            }

            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            slot.LastLogged = now;
        }

        if (suppressed == 0)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
        else
        {
            inner.Log(logLevel, eventId, exception, "{Message}; {Suppressed} similar lines suppressed", formatter(state, exception), suppressed);
        }
    }

    private sealed class Slot
    {
        public long LastLogged { get; set; }

        public long Suppressed { get; set; }
    }
}
