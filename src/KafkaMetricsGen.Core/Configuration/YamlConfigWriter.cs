using System.Text;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>Writes a <see cref="ConfigNode"/> tree as block-style YAML that <see cref="YamlConfigReader"/> reads back.</summary>
public static class YamlConfigWriter
{
    public static string Write(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        switch (node.Kind)
        {
            case ConfigNodeKind.Map when node.Entries.Count > 0:
                WriteMap(sb, node, 0);
                break;
            case ConfigNodeKind.List when node.Items.Count > 0:
                WriteList(sb, node, 0);
                break;
            default:
                sb.Append(Inline(node)).Append('\n');
                break;
        }

        return sb.ToString();
    }

    private static void WriteMap(StringBuilder sb, ConfigNode map, int indent)
    {
        foreach (var entry in map.Entries)
        {
            sb.Append(' ', indent).Append(Scalar(entry.Key, quoted: false)).Append(':');
            WriteValue(sb, entry.Value, indent);
        }
    }

    private static void WriteList(StringBuilder sb, ConfigNode list, int indent)
    {
        foreach (var item in list.Items)
        {
            sb.Append(' ', indent).Append('-');
            if (item.Kind == ConfigNodeKind.Map && item.Entries.Count > 0)
            {
                // The first key sits on the dash line; the rest align under it.
                var nested = new StringBuilder();
                WriteMap(nested, item, indent + 2);
                sb.Append(' ').Append(nested.ToString(indent + 2, nested.Length - indent - 2));
            }
            else
            {
                WriteValue(sb, item, indent);
            }
        }
    }

    private static void WriteValue(StringBuilder sb, ConfigNode value, int indent)
    {
        if (value.Kind == ConfigNodeKind.Map && value.Entries.Count > 0)
        {
            sb.Append('\n');
            WriteMap(sb, value, indent + 2);
        }
        else if (value.Kind == ConfigNodeKind.List && value.Items.Count > 0 && !IsScalarList(value))
        {
            sb.Append('\n');
            WriteList(sb, value, indent + 2);
        }
        else
        {
            sb.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    private static bool IsScalarList(ConfigNode list)
    {
        foreach (var item in list.Items)
        {
            if (item.Kind is ConfigNodeKind.Map or ConfigNodeKind.List)
            {
                return false;
            }
        }

        return true;
    }

    private static string Inline(ConfigNode node) => node.Kind switch
    {
        ConfigNodeKind.Scalar => Scalar(node.Value!, node.Quoted),
        ConfigNodeKind.Map => "{}",
        ConfigNodeKind.List => "[" + string.Join(", ", node.Items.Select(Inline)) + "]",
        _ => "null",
    };

    private static string Scalar(string value, bool quoted)
    {
        if (!quoted && value.Length > 0 && IsPlainSafe(value))
        {
            return value;
        }

        // Quoted strings stay strings when read back, so "30" does not turn into a number.
        if (quoted && value.Length > 0 && IsPlainSafe(value) && !LooksTyped(value))
        {
            return value;
        }

        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static bool LooksTyped(string value) =>
        ConfigScalars.TryParseBool(value, out _) || ConfigScalars.TryParseDouble(value, out _)
        || value is "~" or "null" or "Null" or "NULL" or "yes" or "no" or "on" or "off" or "Yes" or "No" or "On" or "Off" or "y" or "n";

    private static bool IsPlainSafe(string value)
    {
        if (" -?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal) || value[^1] == ' ' || value[^1] == ':')
        {
            // A leading '-' is fine for numbers and durations such as -1.
            if (!(value[0] == '-' && value.Length > 1 && (char.IsAsciiDigit(value[1]) || value[1] == '.')))
            {
                return false;
            }
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || c == '#' && i > 0 && value[i - 1] == ' ' || c == ':' && i + 1 < value.Length && value[i + 1] == ' ')
            {
                return false;
            }

            if (c is ',' or '[' or ']' or '{' or '}')
            {
                // Harmless in block context but not inside the flow lists written above.
                return false;
            }
        }

        return true;
    }
}
