namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A step over the finished series of a metrics query (Tempo's second stage), applied in the order written:
/// <c>| topk(n)</c>, a filter on the values (<c>| rate() &gt; 10</c>) or arithmetic with a number
/// (<c>({ } | rate()) * 100</c>). A step may change values in place and drop series.
/// </summary>
public abstract record SecondStage
{
    public abstract void Apply(List<MetricsSeries> series);

    /// <summary>Runs <paramref name="stages"/> in order.</summary>
    public static void ApplyAll(IReadOnlyList<SecondStage> stages, List<MetricsSeries> series)
    {
        ArgumentNullException.ThrowIfNull(stages);
        foreach (var stage in stages)
        {
            stage.Apply(series);
        }
    }
}
