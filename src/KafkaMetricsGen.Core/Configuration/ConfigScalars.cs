using System.Globalization;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>Scalar parsing shared by the schema check and the typed getters, so both agree on what is valid.</summary>
public static class ConfigScalars
{
    public static bool TryParseBool(string text, out bool value)
    {
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            value = false;
            return true;
        }

        value = false;
        return false;
    }

    /// <summary>Integers; <c>_</c> digit separators are accepted as in YAML 1.1 (<c>500_000_000</c>).</summary>
    public static bool TryParseInt(string text, out long value) =>
        long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or "+.inf" or ".Inf" or "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-Inf":
                value = double.NegativeInfinity;
                return true;
        }

        return double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsNaN(value);
    }

    public static bool ParseBool(string text) => TryParseBool(text, out var v) ? v : throw new FormatException("not a bool: " + text);

    public static long ParseInt(string text) => TryParseInt(text, out var v) ? v : throw new FormatException("not an integer: " + text);

    public static double ParseDouble(string text) => TryParseDouble(text, out var v) ? v : throw new FormatException("not a number: " + text);

    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(bool value) => value ? "true" : "false";
}
