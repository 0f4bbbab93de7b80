using System.Collections;
using System.Globalization;
using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Configuration;

/// <summary>
/// Environment variables override any key of the configuration file: <c>KMG_</c> + the key path with <c>__</c>
/// between levels, upper-cased (<c>KMG_METRICS_GENERATOR__REGISTRY__COLLECTION_INTERVAL=30s</c>). A numeric level
/// indexes a list (<c>KMG_KAFKA__TOPICS__0__NAME=spans</c>); a value starting with <c>[</c> or <c>{</c> is read as a
/// YAML flow list or map (<c>KMG_OVERRIDES__DEFAULTS__METRICS_GENERATOR__PROCESSORS=[span-metrics]</c>).
/// </summary>
public static class EnvironmentOverrides
{
    public const string Prefix = "KMG_";
    public const string Separator = "__";

    public static IReadOnlyDictionary<string, string> FromProcess()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                result[key] = entry.Value as string ?? string.Empty;
            }
        }

        return result;
    }

    /// <summary>Applies every <c>KMG_</c> variable to <paramref name="root"/>, in name order so the result is stable.</summary>
    public static void Apply(ConfigNode root, IReadOnlyDictionary<string, string> environment, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var name in environment.Keys.Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || name.Length == Prefix.Length)
            {
                continue;
            }

            var segments = name[Prefix.Length..].Split(Separator);
            if (Array.IndexOf(segments, string.Empty) >= 0)
            {
                errors.Add(name, "empty level in the variable name (use __ between levels)");
                continue;
            }

            try
            {
                Set(root, segments, ParseValue(environment[name], name), name, errors);
            }
            catch (ConfigException e)
            {
                errors.AddRange(e.Errors);
            }
        }
    }

    private static ConfigNode ParseValue(string value, string name) =>
        value.StartsWith('[') || value.StartsWith('{')
            ? YamlConfigReader.ParseValue(value, name)
            : ConfigNode.Scalar(value, quoted: value.Length == 0);

    private static void Set(ConfigNode root, string[] segments, ConfigNode value, string name, ConfigErrors errors)
    {
        var current = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            var segment = segments[i];
            var nextIsIndex = !last && IsIndex(segments[i + 1]);
            if (current.Kind == ConfigNodeKind.List)
            {
                if (!IsIndex(segment))
                {
                    errors.Add(name, $"\"{segment}\" must be a list index here");
                    return;
                }

                var index = int.Parse(segment, CultureInfo.InvariantCulture);
                if (index > current.Items.Count)
                {
                    errors.Add(name, $"list index {index} is past the end (the list has {current.Items.Count} items)");
                    return;
                }

                if (last)
                {
                    current.SetItem(index, value);
                    return;
                }

                var child = index < current.Items.Count ? current.Items[index] : null;
                if (child is null || !IsContainer(child, nextIsIndex))
                {
                    child = nextIsIndex ? ConfigNode.List() : ConfigNode.Map();
                    current.SetItem(index, child);
                }

                current = child;
            }
            else
            {
                // Keys in the file win their spelling; a new key is written as lower case, as every schema key is.
                var key = FindKey(current, segment) ?? segment.ToLowerInvariant();
                if (last)
                {
                    current.Set(key, value);
                    return;
                }

                var child = current.Get(key);
                if (child is null || !IsContainer(child, nextIsIndex))
                {
                    child = nextIsIndex ? ConfigNode.List() : ConfigNode.Map();
                    current.Set(key, child);
                }

                current = child;
            }
        }
    }

    private static bool IsContainer(ConfigNode node, bool wantList) =>
        wantList ? node.Kind == ConfigNodeKind.List : node.Kind == ConfigNodeKind.Map;

    private static bool IsIndex(string segment)
    {
        foreach (var c in segment)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return segment.Length is > 0 and < 6;
    }

    private static string? FindKey(ConfigNode map, string segment)
    {
        foreach (var entry in map.Entries)
        {
            if (string.Equals(entry.Key, segment, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Key;
            }
        }

        return null;
    }
}
