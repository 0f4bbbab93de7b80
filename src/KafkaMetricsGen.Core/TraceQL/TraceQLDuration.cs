using System.Globalization;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>TraceQL (Go) duration literals: <c>150ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>, <c>10us</c>, <c>5ns</c>.</summary>
public static class TraceQLDuration
{
    public static bool TryParse(string number, string unit, out long nanoseconds)
    {
        nanoseconds = 0;
        long scale = unit switch
        {
            "ns" => 1,
            "us" or "µs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => 0,
        };
        if (scale == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        nanoseconds = (long)Math.Round(value * scale);
        return true;
    }
}
