using System.Globalization;

namespace KafkaMetricsGen.Commands;

/// <summary>Parses durations as Prometheus and Tempo write them (<c>500ms</c>, <c>15s</c>, <c>2m</c>, <c>1h</c>) or as <c>hh:mm:ss</c>.</summary>
public static class DurationParser
{
    public static TimeSpan Parse(string text)
    {
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && text.Contains(':', StringComparison.Ordinal))
        {
            return span;
        }

        (string Suffix, double Factor)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                return TimeSpan.FromSeconds(value * factor);
            }
        }

        throw new FormatException($"'{text}' is not a duration (examples: 500ms, 15s, 2m, 1h, 00:01:00)");
    }
}
