using System.Text.Json;

namespace KafkaMetricsGen.Tests.Http;

public sealed partial class TempoSearchEndpointsTests
{
    [Fact]
    public async Task A_structural_search_returns_the_right_hand_spans_of_matching_traces()
    {
        var q = Uri.EscapeDataString("{resource.service.name=\"checkout\" && status=error} > {resource.service.name=\"db\"}");
        var json = await GetJson($"/api/search?q={q}&limit=20&spss=3&start={NowSeconds - 600}&end={NowSeconds}");
        var traces = json.GetProperty("traces").EnumerateArray().ToList();
        Assert.Equal(["a", "7", "4", "1"], traces.Select(t => t.GetProperty("traceID").GetString()));
        Assert.All(traces, t => Assert.Equal(1, t.GetProperty("spanSets")[0].GetProperty("matched").GetInt32()));
    }

    [Fact]
    public async Task A_drilldown_comparison_panel_gets_baseline_and_selection_series()
    {
        var q = Uri.EscapeDataString("{} | compare({status=error})").Replace("%20", "+", StringComparison.Ordinal);
        var json = await GetJson($"/api/metrics/query_range?end={NowSeconds}&q={q}&start={NowSeconds - 600}&step=30s");
        double Sum(string type, string key, string value) => json.GetProperty("series").EnumerateArray()
            .Single(s => Label(s, 0) == ("__meta_type", type) && Label(s, 1) == (key, value))
            .GetProperty("samples").EnumerateArray().Sum(x => x.TryGetProperty("value", out var v) ? v.GetDouble() : 0);
        Assert.Equal(4, Sum("selection", "status", "error"));
        Assert.Equal(4, Sum("selection", "resource.service.name", "checkout"));
        Assert.Equal(6, Sum("baseline", "resource.service.name", "checkout"));
        Assert.Equal(10, Sum("baseline", "resource.service.name", "db"));
        Assert.Equal(16, Sum("baseline_total", "resource.service.name", "nil"));
    }

    private static (string?, string?) Label(JsonElement series, int i)
    {
        var labels = series.GetProperty("labels");
        return labels.GetArrayLength() > i
            ? (labels[i].GetProperty("key").GetString(), labels[i].GetProperty("value").TryGetProperty("stringValue", out var v) ? v.GetString() : null)
            : (null, null);
    }
}
