using System.Globalization;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Formats a double as Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c> does, which is how Tempo renders double attributes
/// and bucket bounds: the shortest digits that round-trip, written out in full without an exponent
/// (<c>1e21</c> → <c>1000000000000000000000</c>, <c>1.5e-7</c> → <c>0.00000015</c>).
/// </summary>
public static class GoFloatFormat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e < 0)
        {
            return shortest;
        }

        var negative = shortest[0] == '-';
        var mantissa = shortest[(negative ? 1 : 0)..e];
        var exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPosition = (dot < 0 ? mantissa.Length : dot) + exponent;

        string plain;
        if (pointPosition <= 0)
        {
            plain = "0." + new string('0', -pointPosition) + digits;
        }
        else if (pointPosition >= digits.Length)
        {
            plain = digits + new string('0', pointPosition - digits.Length);
        }
        else
        {
            plain = digits[..pointPosition] + "." + digits[pointPosition..];
        }

        return negative ? "-" + plain : plain;
    }
}
