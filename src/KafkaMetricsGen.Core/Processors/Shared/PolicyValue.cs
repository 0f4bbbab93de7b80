using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// A filter policy value with its YAML type kept: <c>value: 42</c> is an int, <c>value: "42"</c> a string, as Go's YAML
/// decoder resolves plain scalars. Strict matching depends on that type, so it cannot be a plain string.
/// </summary>
public sealed class PolicyValue : IYamlConvertible
{
    public PolicyValue()
    {
    }

    private PolicyValue(PolicyValueKind kind, string text, long integer, double number, bool boolean)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
        Number = number;
        Boolean = boolean;
    }

    public PolicyValueKind Kind { get; private set; }

    /// <summary>The string value (also the raw text of other kinds, for messages).</summary>
    public string Text { get; private set; } = string.Empty;

    public long Integer { get; private set; }

    public double Number { get; private set; }

    public bool Boolean { get; private set; }

    public static PolicyValue Of(string value) => new(PolicyValueKind.String, value, 0, 0, false);

    public static PolicyValue Of(long value) => new(PolicyValueKind.Int, value.ToString(CultureInfo.InvariantCulture), value, 0, false);

    public static PolicyValue Of(double value) => new(PolicyValueKind.Float, value.ToString("R", CultureInfo.InvariantCulture), 0, value, false);

    public static PolicyValue Of(bool value) => new(PolicyValueKind.Bool, value ? "true" : "false", 0, 0, value);

    public static implicit operator PolicyValue(string value) => Of(value);

    public static implicit operator PolicyValue(long value) => Of(value);

    public static implicit operator PolicyValue(double value) => Of(value);

    public static implicit operator PolicyValue(bool value) => Of(value);

    /// <summary>Resolves a YAML scalar: quoted scalars are strings; plain ones are null, bool, int or float when they look like one.</summary>
    public static PolicyValue? FromYamlScalar(string text, bool quoted)
    {
        if (quoted)
        {
            return Of(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                return new PolicyValue(PolicyValueKind.Bool, text, 0, 0, true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return new PolicyValue(PolicyValueKind.Bool, text, 0, 0, false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return new PolicyValue(PolicyValueKind.Float, text, 0, double.PositiveInfinity, false);
            case "-.inf" or "-.Inf" or "-.INF":
                return new PolicyValue(PolicyValueKind.Float, text, 0, double.NegativeInfinity, false);
            case ".nan" or ".NaN" or ".NAN":
                return new PolicyValue(PolicyValueKind.Float, text, 0, double.NaN, false);
            default:
                break;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new PolicyValue(PolicyValueKind.Int, text, integer, 0, false);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out integer))
        {
            return new PolicyValue(PolicyValueKind.Int, text, integer, 0, false);
        }

        if (LooksNumeric(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new PolicyValue(PolicyValueKind.Float, text, 0, number, false);
        }

        return Of(text);
    }

    public override string ToString() => Text;

    void IYamlConvertible.Read(IParser parser, Type expectedType, ObjectDeserializer nestedObjectDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
        var resolved = FromYamlScalar(scalar.Value, quoted) ?? new PolicyValue();
        Kind = resolved.Kind;
        Text = resolved.Text;
        Integer = resolved.Integer;
        Number = resolved.Number;
        Boolean = resolved.Boolean;
    }

    void IYamlConvertible.Write(IEmitter emitter, ObjectSerializer nestedObjectSerializer)
    {
        var style = Kind == PolicyValueKind.String ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
        emitter.Emit(new Scalar(null, null, Kind == PolicyValueKind.Null ? "null" : Text, style, true, true));
    }

    // Go's YAML resolver only treats digit-led forms as floats; "Infinity" or "NaN" stay strings.
    private static bool LooksNumeric(string text)
    {
        var span = text.AsSpan().TrimStart("+-");
        return span.Length > 0 && (char.IsAsciiDigit(span[0]) || (span[0] == '.' && span.Length > 1 && char.IsAsciiDigit(span[1])));
    }
}
