namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// The mergeable output of the first stage over one instance's spans: rates, counts, sums, mins, maxes, histogram
/// buckets (<c>__bucket</c>) and avg's count half (<c>__meta_type="__count"</c>), keyed by <see cref="MetricsSeries.Key"/>.
/// </summary>
public sealed class FirstStageResult(QueryRange range)
{
    public QueryRange Range { get; } = range;

    public Dictionary<string, MetricsSeries> Series { get; } = new(StringComparer.Ordinal);

    public long InspectedSpans { get; set; }

    /// <summary>How many exemplars the answer may carry (0 = none); the cap applies again after peers are merged.</summary>
    public uint ExemplarLimit { get; init; }
}
