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

    /// <summary>Go's <c>time.Duration.String()</c>: <c>1h0m0s</c>, <c>45s</c>, <c>1.5s</c>, <c>60ms</c>, <c>2µs</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan d) => Format(d.Ticks * 100);

    /// <summary>Go's <c>time.Duration.String()</c> of a count of nanoseconds.</summary>
    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var u = negative ? (ulong)(-(nanoseconds + 1)) + 1 : (ulong)nanoseconds;
        var sb = new StringBuilder();
        if (u < 1_000_000_000)
        {
            var (scale, unit) = u < 1_000 ? (1UL, "ns") : u < 1_000_000 ? (1_000UL, "µs") : (1_000_000UL, "ms");
            sb.Append(Fraction(u, scale)).Append(unit);
        }
        else
        {
            var totalSeconds = u / 1_000_000_000;
            var h = totalSeconds / 3600;
            var m = totalSeconds / 60 % 60;
            if (h > 0)
            {
                sb.Append(h.ToString(CultureInfo.InvariantCulture)).Append('h');
            }

            if (h > 0 || m > 0)
            {
                sb.Append(m.ToString(CultureInfo.InvariantCulture)).Append('m');
            }

            sb.Append(Fraction(u % 60_000_000_000, 1_000_000_000)).Append('s');
        }

        return negative ? "-" + sb : sb.ToString();
    }

    /// <summary><paramref name="value"/> / <paramref name="scale"/> with the fraction's trailing zeros dropped.</summary>
    private static string Fraction(ulong value, ulong scale)
    {
        var whole = (value / scale).ToString(CultureInfo.InvariantCulture);
        var rest = value % scale;
        if (rest == 0)
        {
            return whole;
        }

        var digits = scale.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }
}
