using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Demo;

public sealed class DemoSeriesHistoryTests
{
    [Fact]
    public void Keeps_the_last_windows_of_each_series_and_ignores_staleness_markers()
    {
        var history = new DemoSeriesHistory();
        var appender = history.For("t");
        for (var window = 1; window <= DemoSeriesHistory.WindowsKept + 3; window++)
        {
            appender.AppendSample(Labels("traces_spanmetrics_calls_total", ("service", "a")), window * 5000L, window * 10);
        }

        appender.AppendSample(Labels("traces_spanmetrics_calls_total", ("service", "a")), 99_000, StaleMarker.Value);

        var series = Assert.Single(history.Series("t"));
        Assert.Equal("traces_spanmetrics_calls_total", series.Metric);
        Assert.Equal("a", series.Label("service"));
        Assert.Equal(DemoSeriesHistory.WindowsKept, series.Points.Count);
        Assert.Equal(new SeriesPoint(50_000, 100), series.Points[^1]);
        Assert.Equal(2, series.Rate());
        Assert.Empty(history.Series("other"));
    }

    [Fact]
    public void A_window_written_again_replaces_its_value_and_one_window_has_no_rate()
    {
        var history = new DemoSeriesHistory();
        var appender = history.For("t");
        appender.AppendSample(Labels("m"), 5000, 1);
        appender.AppendSample(Labels("m"), 5000, 3);

        var series = Assert.Single(history.Series("t"));
        Assert.Equal([new SeriesPoint(5000, 3)], series.Points);
        Assert.Equal(0, series.Rate());
    }

    internal static LabelSet Labels(string metric, params (string Name, string Value)[] labels)
    {
        string[] names = ["__name__", .. labels.Select(l => l.Name)];
        string[] values = [metric, .. labels.Select(l => l.Value)];
        return new LabelSet(names, values, names.Length, LabelSet.ComputeHash(names, values));
    }
}
