using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// Durations written as Tempo writes them (Go <c>time.ParseDuration</c>, plus Prometheus' <c>d</c> and <c>w</c>):
/// <c>15s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5h</c>, <c>0</c>.
/// </summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        double ticks = 0;
        while (!s.IsEmpty)
        {
            var n = 0;
            while (n < s.Length && (char.IsAsciiDigit(s[n]) || s[n] == '.'))
            {
                n++;
            }

            if (n == 0 || !double.TryParse(s[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[n..];
            var u = 0;
            while (u < s.Length && !char.IsAsciiDigit(s[u]) && s[u] != '.')
            {
                u++;
            }

            double unitTicks;
            switch (s[..u])
            {
                case "ns": unitTicks = 0.01; break;
                case "us" or "µs" or "μs": unitTicks = TimeSpan.TicksPerMicrosecond; break;
                case "ms": unitTicks = TimeSpan.TicksPerMillisecond; break;
                case "s": unitTicks = TimeSpan.TicksPerSecond; break;
                case "m": unitTicks = TimeSpan.TicksPerMinute; break;
                case "h": unitTicks = TimeSpan.TicksPerHour; break;
                case "d": unitTicks = TimeSpan.TicksPerDay; break;
                case "w": unitTicks = TimeSpan.TicksPerDay * 7; break;
                default: return false;
            }

            ticks += number * unitTicks;
            s = s[u..];
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
        return true;
    }

    public static TimeSpan Parse(string text) => TryParse(text, out var v) ? v : throw new FormatException("not a duration: " + text);

    /// <summary>Shortest readable form: <c>15s</c>, <c>1m30s</c>, <c>1h</c>, <c>250ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = value.Negate();
        }

        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (value.Minutes > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }

        if (value.Seconds > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        }

        var subSecondTicks = value.Ticks % TimeSpan.TicksPerSecond;
        if (subSecondTicks > 0)
        {
            if (subSecondTicks % TimeSpan.TicksPerMillisecond == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{subSecondTicks / TimeSpan.TicksPerMillisecond}ms");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"{subSecondTicks / 10.0}us");
            }
        }

        return sb.ToString();
    }
}
