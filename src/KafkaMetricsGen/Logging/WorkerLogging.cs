using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KafkaMetricsGen.Logging;

/// <summary>
/// Structured logging of the worker, as Tempo's <c>server:</c> section sets it: <c>log_format</c> logfmt (default) or
/// json, <c>log_level</c> debug, info, warn or error. Timestamps are UTC so lines from several instances sort together.
/// </summary>
public static class WorkerLogging
{
    public static ILoggingBuilder Configure(ILoggingBuilder logging, string logLevel, string format)
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
        else if (string.Equals(format, LogFormats.Logfmt, StringComparison.OrdinalIgnoreCase))
        {
            logging.AddConsole(o => o.FormatterName = LogfmtFormatter.FormatterName)
                .AddConsoleFormatter<LogfmtFormatter, ConsoleFormatterOptions>();
        }
        else
        {
            // The config schema refuses other values; this guards callers that bypass it.
            throw new ArgumentException($"server.log_format: '{format}' is not allowed (allowed: {LogFormats.Logfmt}, {LogFormats.Json})");
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
}
