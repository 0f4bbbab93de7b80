using System.Text.Json;
using System.Text.RegularExpressions;
using KafkaMetricsGen.TestKit;
using YamlDotNet.RepresentationModel;

namespace KafkaMetricsGen.Tests.Deploy;

/// <summary>The stack's files (compose, Prometheus, alerts, dashboards) and the metric names their queries use.</summary>
public static partial class DeployFiles
{
    private static readonly HashSet<string> NotMetrics = new(StringComparer.Ordinal)
    {
        "sum", "rate", "irate", "increase", "histogram_quantile", "by", "without", "max", "min", "avg", "count", "on",
        "ignoring", "group_left", "group_right", "and", "or", "unless", "topk", "bottomk", "le", "offset", "bool",
        "clamp_min", "clamp_max", "abs", "time", "vector", "scalar", "absent", "delta", "deriv", "changes",
        "histogram_count", "histogram_sum", "histogram_avg", "histogram_fraction", "label_replace", "round",
    };

    public static string Deploy => Path.Combine(RepositoryPaths.Root, "deploy");

    public static string Compose => Path.Combine(RepositoryPaths.Root, "docker-compose.yml");

    public static string PrometheusConfig => Path.Combine(Deploy, "prometheus", "prometheus.yml");

    public static string Alerts => Path.Combine(Deploy, "prometheus", "alerts.yml");

    public static string WorkerConfig => Path.Combine(Deploy, "worker", "config.yaml");

    public static IEnumerable<string> Dashboards => Directory.EnumerateFiles(Path.Combine(Deploy, "grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal);

    public static YamlMappingNode Yaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>Every PromQL expression of every dashboard panel and alert rule, with the file it came from.</summary>
    public static IReadOnlyList<(string File, string Expr)> Expressions()
    {
        var result = new List<(string, string)>();
        foreach (var dashboard in Dashboards)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(dashboard));
            Collect(document.RootElement, Path.GetFileName(dashboard), result);
        }

        foreach (var group in (YamlSequenceNode)Yaml(Alerts)["groups"])
        {
            foreach (var rule in (YamlSequenceNode)((YamlMappingNode)group)["rules"])
            {
                result.Add(("alerts.yml", ((YamlScalarNode)((YamlMappingNode)rule)["expr"]).Value!));
            }
        }

        return result;
    }

    /// <summary>The metric names an expression selects (identifiers that are not functions, keywords or label names).</summary>
    public static IEnumerable<string> MetricNames(string expr)
    {
        var withoutStrings = QuotedString().Replace(expr, "\"\"");
        var withoutGroupings = Grouping().Replace(withoutStrings, " ");
        var withoutMatchers = Matchers().Replace(withoutGroupings, "{}");
        var withoutRanges = Ranges().Replace(withoutMatchers, "[]");
        foreach (Match m in Identifier().Matches(withoutRanges))
        {
            var name = m.Value;
            var next = m.Index + m.Length < withoutRanges.Length ? withoutRanges[m.Index + m.Length] : ' ';
            if (!NotMetrics.Contains(name) && next != '(' && !name.StartsWith('$'))
            {
                yield return name;
            }
        }
    }

    private static void Collect(JsonElement element, string file, List<(string, string)> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        into.Add((file, property.Value.GetString()!));
                    }
                    else
                    {
                        Collect(property.Value, file, into);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, file, into);
                }

                break;
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\$?[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}
