using System.Globalization;
using System.Text;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Formats a double as Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c>, which TraceQL uses for float label text
/// (<c>2.56e-07</c>); attribute stringification elsewhere uses the 'f' form (<see cref="Ingest.GoFloatFormat"/>).
/// </summary>
public static class GoFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // Shortest round-trip digits and the decimal exponent, then Go's layout rule.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var ePos = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = ePos >= 0 ? shortest[..ePos] : shortest;
        var e10 = ePos >= 0 ? int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        var all = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - all.Length;
        var digits = all.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // dp = position of the decimal point relative to the first significant digit.
        var dp = intPart.Length - leadingZeros + e10;
        var exp = dp - 1;
        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
        }

        // Go uses exponent form for the shortest 'g' format when exp < -4 or exp >= 6.
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var ae = Math.Abs(exp);
            if (ae < 10)
            {
                sb.Append('0');
            }

            sb.Append(ae.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        if (dp <= 0)
        {
            sb.Append("0.").Append('0', -dp).Append(digits);
        }
        else if (dp >= digits.Length)
        {
            sb.Append(digits).Append('0', dp - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, dp).Append('.').Append(digits, dp, digits.Length - dp);
        }

        return sb.ToString();
    }
}
