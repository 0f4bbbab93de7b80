using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace KafkaMetricsGen.Logging;

/// <summary>
/// Tempo's default log format: one line of <c>key=value</c> pairs per event
/// (<c>ts=2026-01-02T03:04:05.678Z level=info logger=… msg="…"</c>); values with spaces, quotes or <c>=</c> are quoted.
/// </summary>
public sealed class LogfmtFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "logfmt";

    /// <summary>The clock of the <c>ts</c> field.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write("ts=");
        textWriter.Write(Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        textWriter.Write(" level=");
        textWriter.Write(LevelName(logEntry.LogLevel));
        textWriter.Write(" logger=");
        WriteValue(textWriter, logEntry.Category);
        textWriter.Write(" msg=");
        WriteValue(textWriter, message ?? string.Empty);
        if (logEntry.Exception is { } e)
        {
            textWriter.Write(" err=");
            WriteValue(textWriter, e.GetType().Name + ": " + e.Message);
        }

        textWriter.Write('\n');
    }

    /// <summary>Tempo's level names.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };

    /// <summary>Writes a value bare when it can be, else quoted with <c>\"</c>, <c>\\</c> and <c>\n</c> escaped.</summary>
    public static void WriteValue(TextWriter writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value.AsSpan().IndexOfAny(" =\"\\\n\r\t") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    writer.Write("\\\"");
                    break;
                case '\\':
                    writer.Write("\\\\");
                    break;
                case '\n':
                    writer.Write("\\n");
                    break;
                case '\r':
                    break;
                case '\t':
                    writer.Write("\\t");
                    break;
                default:
                    writer.Write(c);
                    break;
            }
        }

        writer.Write('"');
    }
}
