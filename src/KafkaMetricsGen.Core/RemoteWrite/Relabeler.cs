using System.Security.Cryptography;
using System.Text;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Prometheus' relabeling over one series' labels: the rules run in order on a name → value map; a rule may drop the
/// series. A label set to the empty value is removed, as Prometheus does. Allocates per call: it runs only for
/// endpoints that configure <c>write_relabel_configs</c>, and <see cref="RelabelingAppender"/> reuses the last answer
/// for the consecutive appends of one series.
/// </summary>
public static class Relabeler
{
    /// <summary>The relabeled set (sorted by name), or null when a rule drops the series.</summary>
    public static LabelSet? Process(in LabelSet labels, IReadOnlyList<RelabelConfig> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            map[labels.Names[i]] = labels.Values[i];
        }

        foreach (var rule in rules)
        {
            if (!Apply(rule, map))
            {
                return null;
            }
        }

        var names = new string[map.Count];
        var values = new string[map.Count];
        var n = 0;
        foreach (var (name, value) in map)
        {
            names[n] = name;
            values[n++] = value;
        }

        return new LabelSet(names, values, n, LabelSet.ComputeHash(names, values));
    }

    private static bool Apply(RelabelConfig rule, SortedDictionary<string, string> map)
    {
        var joined = Join(rule, map);
        switch (rule.Action)
        {
            case RelabelConfig.Keep:
                return rule.Compiled.IsMatch(joined);
            case RelabelConfig.Drop:
                return !rule.Compiled.IsMatch(joined);
            case RelabelConfig.KeepEqual:
                return joined == map.GetValueOrDefault(rule.TargetLabel, "");
            case RelabelConfig.DropEqual:
                return joined != map.GetValueOrDefault(rule.TargetLabel, "");
            case RelabelConfig.Replace:
                var match = rule.Compiled.Match(joined);
                if (match.Success)
                {
                    var target = match.Result(rule.TargetLabel);
                    Set(map, target, match.Result(rule.Replacement));
                }

                return true;
            case RelabelConfig.Lowercase:
                Set(map, rule.TargetLabel, joined.ToLowerInvariant());
                return true;
            case RelabelConfig.Uppercase:
                Set(map, rule.TargetLabel, joined.ToUpperInvariant());
                return true;
            case RelabelConfig.HashMod:
                Set(map, rule.TargetLabel, (Sum64(joined) % rule.Modulus).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return true;
            case RelabelConfig.LabelMap:
                foreach (var (name, value) in map.ToArray())
                {
                    var nameMatch = rule.Compiled.Match(name);
                    if (nameMatch.Success)
                    {
                        map[nameMatch.Result(rule.Replacement)] = value;
                    }
                }

                return true;
            case RelabelConfig.LabelDrop:
            case RelabelConfig.LabelKeep:
                foreach (var name in map.Keys.ToArray())
                {
                    if (rule.Compiled.IsMatch(name) == (rule.Action == RelabelConfig.LabelDrop))
                    {
                        map.Remove(name);
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static string Join(RelabelConfig rule, SortedDictionary<string, string> map)
    {
        if (rule.SourceLabels.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder();
        for (var i = 0; i < rule.SourceLabels.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(rule.Separator);
            }

            sb.Append(map.GetValueOrDefault(rule.SourceLabels[i], ""));
        }

        return sb.ToString();
    }

    private static void Set(SortedDictionary<string, string> map, string name, string value)
    {
        if (value.Length == 0)
        {
            map.Remove(name);
        }
        else if (name.Length > 0)
        {
            map[name] = value;
        }
    }

    /// <summary>Prometheus' hashmod: the MD5 of the value, its last 8 bytes read big-endian.</summary>
    private static ulong Sum64(string value)
    {
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(Encoding.UTF8.GetBytes(value), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
    }
}
