using System.Text;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A result series: labels, one value per interval (NaN = no sample) and the exemplars of spans that contributed.
/// <see cref="Key"/> identifies it across instances.
/// </summary>
public sealed class MetricsSeries(SeriesLabel[] labels, double[] values)
{
    public SeriesLabel[] Labels { get; } = labels;

    public double[] Values { get; } = values;

    public List<MetricsExemplar> Exemplars { get; } = [];

    /// <summary>Prometheus-style text of the labels, sorted by name: <c>{p="0.5", resource.service.name="a"}</c>.</summary>
    public string Key { get; } = KeyOf(labels, null);

    public static string KeyOf(SeriesLabel[] labels, string? skipName)
    {
        var sorted = new SeriesLabel[labels.Length];
        labels.CopyTo(sorted, 0);
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var l in sorted)
        {
            if (skipName is not null && l.Name == skipName)
            {
                continue;
            }

            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(l.Name).Append("=\"").Append(LabelText(l.Value).Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Tempo's Prometheus text of a label value: <c>&lt;nil&gt;</c>, <c>&lt;empty&gt;</c>, Go float format.</summary>
    public static string LabelText(StaticValue v) => v.Kind switch
    {
        StaticKind.Nil => "<nil>",
        StaticKind.String when string.IsNullOrEmpty(v.String) => "<empty>",
        StaticKind.String when v.String == "nil" => "<nil>",
        StaticKind.Float => GoFloat.Format(v.Float),
        _ => v.ToString(),
    };
}
