using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KafkaMetricsGen.Logging;

/// <summary>
/// Structured logging of the worker: console lines by default, JSON lines with <c>KMG_LOG_FORMAT=json</c>; the level
/// comes from <c>server.log_level</c>. Timestamps are UTC so lines from several instances sort together.
/// </summary>
public static class WorkerLogging
{
    public static ILoggingBuilder Configure(ILoggingBuilder logging, string logLevel, string? format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        if (string.Equals(format, LogFormats.Json, StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else if (format is null || format.Length == 0 || string.Equals(format, LogFormats.Console, StringComparison.OrdinalIgnoreCase))
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
        else
        {
            throw new ArgumentException($"{LogFormats.EnvironmentVariable}: '{format}' is not allowed (allowed: {LogFormats.Console}, {LogFormats.Json})");
        }

        logging.SetMinimumLevel(Level(logLevel));
        return logging;
    }

    /// <summary>Tempo's level names (debug, info, warn, error) as .NET levels.</summary>
    public static LogLevel Level(string logLevel) => logLevel.ToUpperInvariant() switch
    {
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        _ => LogLevel.Information,
    };

    /// <summary>The format asked for by the environment.</summary>
    public static string? FormatFromEnvironment() => Environment.GetEnvironmentVariable(LogFormats.EnvironmentVariable);
}
