using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Go (<c>1h30m</c>, <c>1.5s</c>, <c>250ms</c>) and Prometheus (<c>1d</c>, <c>1w</c>) durations, parsed and printed.</summary>
public static class GoDurations
{
    /// <summary>Parses a sequence of number+unit pairs. Prometheus units (d, w, y) are accepted when <paramref name="prometheus"/>.</summary>
    public static bool TryParse(string text, bool prometheus, out long nanoseconds)
    {
        nanoseconds = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var pos = 0;
        double total = 0;
        while (pos < text.Length)
        {
            var numStart = pos;
            while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || (!prometheus && text[pos] == '.')))
            {
                pos++;
            }

            var unitStart = pos;
            while (pos < text.Length && !char.IsAsciiDigit(text[pos]) && text[pos] != '.')
            {
                pos++;
            }

            if (unitStart == numStart || unitStart == pos
                || !double.TryParse(text.AsSpan(numStart, unitStart - numStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            double scale = text[unitStart..pos] switch
            {
                "ns" when !prometheus => 1,
                "us" or "µs" when !prometheus => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                "h" => 3600e9,
                "d" when prometheus => 86400e9,
                "w" when prometheus => 7 * 86400e9,
                "y" when prometheus => 365 * 86400e9,
                _ => 0,
            };
            if (scale == 0)
            {
                return false;
            }

            total += n * scale;
        }

        nanoseconds = (long)Math.Round(total);
        return true;
    }

    /// <summary>Go's <c>time.Duration.String()</c> for whole seconds and above: <c>1h0m0s</c>, <c>20m0s</c>, <c>45s</c>.</summary>
    public static string Format(TimeSpan d)
    {
        var sb = new StringBuilder();
        var totalSeconds = (long)d.TotalSeconds;
        var h = totalSeconds / 3600;
        var m = totalSeconds / 60 % 60;
        var s = totalSeconds % 60;
        if (h > 0)
        {
            sb.Append(h.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (h > 0 || m > 0)
        {
            sb.Append(m.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        sb.Append(s.ToString(CultureInfo.InvariantCulture)).Append('s');
        return sb.ToString();
    }
}
