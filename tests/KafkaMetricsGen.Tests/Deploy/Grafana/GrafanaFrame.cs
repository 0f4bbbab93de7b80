using System.Globalization;
using System.Text.Json;

namespace KafkaMetricsGen.Tests.Deploy.Grafana;

/// <summary>
/// A Grafana data frame as far as the dashboards' tests need one: the query's refId and named columns of strings or
/// numbers (null where a row has no value).
/// </summary>
public sealed record GrafanaFrame(string? RefId, IReadOnlyList<GrafanaField> Fields)
{
    public int Length => Fields.Count == 0 ? 0 : Fields[0].Values.Count;

    public GrafanaField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>
    /// What Grafana's Prometheus data source makes of an instant query with <c>format: table</c>: one row per series,
    /// a <c>Time</c> column, one column per label, and the value in <c>Value #refId</c> when the panel has several
    /// queries (<c>Value</c> when it has one).
    /// </summary>
    public static GrafanaFrame FromInstantTable(string refId, JsonElement vector, bool severalQueries)
    {
        var series = vector.EnumerateArray().ToList();
        var labels = series.SelectMany(s => s.GetProperty("metric").EnumerateObject().Select(p => p.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var fields = new List<GrafanaField>
        {
            new("Time", series.Select(s => (object?)s.GetProperty("value")[0].GetDouble()).ToList()),
        };
        foreach (var label in labels)
        {
            fields.Add(new GrafanaField(label, series.Select(s => (object?)(s.GetProperty("metric").TryGetProperty(label, out var v) ? v.GetString() : "")).ToList()));
        }

        fields.Add(new GrafanaField(severalQueries ? "Value #" + refId : "Value", series.Select(s => (object?)Number(s.GetProperty("value")[1].GetString()!)).ToList()));
        return new GrafanaFrame(refId, fields);
    }

    private static double Number(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
