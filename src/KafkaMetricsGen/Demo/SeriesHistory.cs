namespace KafkaMetricsGen.Demo;

/// <summary>One series' kept window samples in a <see cref="DemoSeriesHistory"/>, oldest first.</summary>
public sealed record SeriesHistory(string Metric, IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<SeriesPoint> Points)
{
    public string Label(string name) => Labels.FirstOrDefault(l => l.Key == name).Value ?? "";

    /// <summary>Per second over the kept windows (the series is cumulative); 0 with fewer than two samples.</summary>
    public double Rate()
    {
        if (Points.Count < 2)
        {
            return 0;
        }

        var seconds = (Points[^1].TimestampMs - Points[0].TimestampMs) / 1000.0;
        return Math.Max(0, Points[^1].Value - Points[0].Value) / seconds;
    }
}
