using System.Globalization;

namespace KafkaMetricsGen.Commands;

/// <summary>Parses durations as Tempo's config does (<see cref="KafkaMetricsGen.Core.Configuration.GoDuration"/>) (<c>500ms</c>, <c>15s</c>, <c>2m</c>, <c>1h</c>) or as <c>hh:mm:ss</c>.</summary>
public static class DurationParser
{
    /// <summary>For an option's custom parser: a bad value becomes a parse error naming the option, not an exception.</summary>
    public static TimeSpan? Parse(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        try
        {
            return Parse(text);
        }
        catch (FormatException e)
        {
            result.AddError($"{((System.CommandLine.Parsing.OptionResult)result.Parent!).Option.Name}: {e.Message}");
            return null;
        }
    }

    public static TimeSpan Parse(string text)
    {
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && text.Contains(':', StringComparison.Ordinal))
        {
            return span;
        }

        if (KafkaMetricsGen.Core.Configuration.GoDuration.TryParse(text, out var duration) && duration >= TimeSpan.Zero)
        {
            return duration;
        }

        throw new FormatException($"'{text}' is not a duration (examples: 500ms, 15s, 2m, 1h, 00:01:00)");
    }
}
