using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>Parses YAML text into a <see cref="ConfigNode"/> tree; syntax errors become a <see cref="ConfigException"/>.</summary>
public static class YamlConfigReader
{
    /// <param name="text">The YAML document (an empty document gives an empty map).</param>
    /// <param name="source">The file name, used in error messages.</param>
    public static ConfigNode Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(source, $"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {Innermost(e).Message}");
        }
        catch (ArgumentException e)
        {
            // YamlDotNet reports a repeated mapping key this way.
            throw new ConfigException(source, "invalid YAML: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            // Some scanner states (an unterminated flow list) surface as this instead of a YamlException.
            throw new ConfigException(source, "invalid YAML: unexpected end of a flow list or map");
        }

        if (stream.Documents.Count == 0)
        {
            return ConfigNode.Map();
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigException(source, "expected one YAML document, found " + stream.Documents.Count);
        }

        var root = Convert(stream.Documents[0].RootNode);
        return root.IsNull ? ConfigNode.Map() : root;
    }

    /// <summary>Parses a single value given outside a file, e.g. an environment variable holding <c>[a, b]</c>.</summary>
    public static ConfigNode ParseValue(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(source, "invalid YAML value: " + Innermost(e).Message);
        }
        catch (InvalidOperationException)
        {
            throw new ConfigException(source, "invalid YAML value: unexpected end of a flow list or map");
        }

        return stream.Documents.Count == 0 ? ConfigNode.Null() : Convert(stream.Documents[0].RootNode);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static ConfigNode Convert(YamlNode node)
    {
        var line = (int)node.Start.Line;
        switch (node)
        {
            case YamlScalarNode scalar:
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                var value = scalar.Value ?? string.Empty;
                if (!quoted && (value.Length == 0 || value is "~" or "null" or "Null" or "NULL"))
                {
                    return ConfigNode.Null(line);
                }

                return ConfigNode.Scalar(value, quoted, line);
            case YamlSequenceNode sequence:
                var list = ConfigNode.List(line);
                foreach (var child in sequence.Children)
                {
                    list.Add(Convert(child));
                }

                return list;
            case YamlMappingNode mapping:
                var map = ConfigNode.Map(line);
                foreach (var entry in mapping.Children)
                {
                    var key = entry.Key is YamlScalarNode k ? k.Value ?? string.Empty : entry.Key.ToString();
                    map.Set(key, Convert(entry.Value));
                }

                return map;
            default:
                return ConfigNode.Null(line);
        }
    }
}
