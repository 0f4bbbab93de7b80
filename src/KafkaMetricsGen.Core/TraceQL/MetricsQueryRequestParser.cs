using System.Globalization;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Reads query_range / query parameters as Tempo does: <c>q</c> (or <c>query</c>), <c>start</c>/<c>end</c> as Unix seconds,
/// Unix nanoseconds, fractional seconds or RFC3339; <c>since</c> (default 1h); <c>step</c> as float seconds or a duration
/// (default from the range); <c>exemplars</c> (0 or absent = <c>max_exemplars</c>, as Tempo's frontend; a peer's local request
/// carries the already settled count, where 0 means none). Problems become <see cref="TraceQLQueryException"/> (HTTP 400).
/// </summary>
public static class MetricsQueryRequestParser
{
    public static MetricsQueryRequest Parse(Func<string, string?> parameter, DateTimeOffset now, bool instant, int maxExemplars)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var query = NonEmpty(parameter(QueryParameterNames.Q)) ?? NonEmpty(parameter(QueryParameterNames.Query))
            ?? throw new TraceQLQueryException("missing query: set the q parameter");
        var nowNano = (ulong)now.ToUnixTimeMilliseconds() * 1_000_000;
        var end = ParseTime(parameter(QueryParameterNames.End), QueryParameterNames.End) ?? nowNano;
        var since = (ulong)QueryRangeDefaults.Since.Ticks * 100;
        if (NonEmpty(parameter(QueryParameterNames.Since)) is { } sinceText)
        {
            if (!GoDurations.TryParse(sinceText, prometheus: true, out var ns) || ns <= 0)
            {
                throw new TraceQLQueryException($"invalid since: '{sinceText}' is not a duration");
            }

            since = (ulong)ns;
        }

        var start = ParseTime(parameter(QueryParameterNames.Start), QueryParameterNames.Start) ?? SafeSubtract(Math.Min(end, nowNano), since);
        if (end <= start)
        {
            throw new TraceQLQueryException("invalid start and end: end must be after start");
        }

        ulong step;
        var stepText = NonEmpty(parameter(QueryParameterNames.Step));
        if (instant)
        {
            step = end - start;
        }
        else if (stepText is null)
        {
            step = QueryRange.DefaultStep(start, end);
        }
        else
        {
            step = ParseStep(stepText);
        }

        var local = bool.TryParse(parameter(QueryParameterNames.Local), out var l) && l;
        var exemplars = (uint)maxExemplars;
        if (NonEmpty(parameter(QueryParameterNames.Exemplars)) is { } exText)
        {
            if (!uint.TryParse(exText, NumberStyles.None, CultureInfo.InvariantCulture, out var ex))
            {
                throw new TraceQLQueryException($"invalid exemplars: '{exText}' is not an unsigned integer");
            }

            exemplars = ex == 0 && !local ? (uint)maxExemplars : Math.Min(ex, (uint)maxExemplars);
        }

        var maxSeries = 0;
        if (NonEmpty(parameter(QueryParameterNames.MaxSeries)) is { } maxText
            && !int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxSeries))
        {
            throw new TraceQLQueryException($"invalid maxSeries: '{maxText}' is not a non-negative integer");
        }

        return new MetricsQueryRequest(query, start, end, step, instant ? 0 : exemplars, instant, local) { MaxSeries = maxSeries };
    }

    private static ulong SafeSubtract(ulong a, ulong b) => a > b ? a - b : 0;

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static ulong ParseStep(string text)
    {
        ulong step;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            step = seconds > 0 ? (ulong)Math.Round(seconds * 1e9) : 0;
        }
        else if (GoDurations.TryParse(text, prometheus: false, out var ns))
        {
            step = ns > 0 ? (ulong)ns : 0;
        }
        else
        {
            throw new TraceQLQueryException($"invalid step: '{text}' is neither seconds nor a duration");
        }

        if (step == 0)
        {
            throw new TraceQLQueryException("invalid step: must be greater than 0");
        }

        return step;
    }

    /// <summary>Up to 10 digits are Unix seconds, more are Unix nanoseconds; a fraction is seconds rounded to ms; else RFC3339.</summary>
    internal static ulong? ParseTime(string? raw, string name)
    {
        var text = NonEmpty(raw);
        if (text is null)
        {
            return null;
        }

        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return text.Length <= 10 ? n * 1_000_000_000 : n;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fractional))
        {
            return (ulong)Math.Round(fractional * 1000m, MidpointRounding.AwayFromZero) * 1_000_000;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto)
            && text.Contains('T', StringComparison.Ordinal))
        {
            var ticks = dto.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            return ticks < 0 ? throw new TraceQLQueryException($"invalid {name}: before 1970") : (ulong)ticks * 100;
        }

        throw new TraceQLQueryException($"invalid {name}: '{text}' is not a Unix time or RFC3339 timestamp");
    }
}
