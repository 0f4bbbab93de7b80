namespace KafkaMetricsGen.Core.Exposition;

/// <summary>The final value of one series, as <see cref="PrometheusTextAppender"/> keeps it.</summary>
internal sealed class TextSeries
{
    public TextSeries(string name, string labels, string? bucketBound)
    {
        Name = name;
        Labels = labels;
        BucketBound = bucketBound;
    }

    public string Name { get; }

    /// <summary>Rendered labels without <c>__name__</c>: <c>a="1",b="2"</c> (may be empty).</summary>
    public string Labels { get; }

    /// <summary>The <c>le</c> value of a classic bucket series, else null.</summary>
    public string? BucketBound { get; }

    public double Value { get; set; }

    public long TimestampMs { get; set; }

    /// <summary>Set for a native histogram: its value in the PromQL test notation.</summary>
    public string? Histogram { get; set; }
}
