using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// The rate-limited logger the stream stages share for per-record problems. Stages are created by Streamiz through
/// topology suppliers that carry no logger, so the worker sets this once at start.
/// </summary>
public static class WorkerLogs
{
    private static RateLimitedLogger _hotPath = new(NullLogger.Instance);

    /// <summary>Bad records and dead letters: one line per topic and reason per interval.</summary>
    public static RateLimitedLogger HotPath => Volatile.Read(ref _hotPath);

    public static void Use(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        Volatile.Write(ref _hotPath, new RateLimitedLogger(loggers.CreateLogger("KafkaMetricsGen.Streams.BadRecords")));
    }
}
