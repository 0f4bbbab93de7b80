using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Logs hot-path problems (bad spans, dead letters) at most once per key and interval; the lines suppressed in between
/// are counted and reported with the next line of that key, so a flood of bad records costs one line per interval.
/// </summary>
public sealed class RateLimitedLogger(ILogger logger, TimeSpan? interval = null, TimeProvider? time = null)
{
    private readonly TimeSpan _interval = interval ?? TelemetryDefaults.LogRateLimit;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Logs a warning for <paramref name="key"/> unless one was logged within the interval; true when logged.</summary>
    public bool Warn(string key, string message, string detail)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return false;
        }

        var slot = _slots.GetOrAdd(key, static _ => new Slot());
        var now = _time.GetTimestamp();
        long suppressed;
        lock (slot)
        {
            if (slot.LastLogged != 0 && _time.GetElapsedTime(slot.LastLogged, now) < _interval)
            {
                slot.Suppressed++;
                return false;
            }

            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            slot.LastLogged = now;
        }

        logger.LogWarning("{Key}: {Message} ({Detail}); {Suppressed} similar lines suppressed", key, message, detail, suppressed);
        return true;
    }

    private sealed class Slot
    {
        public long LastLogged { get; set; }

        public long Suppressed { get; set; }
    }
}
