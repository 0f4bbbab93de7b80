namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// <c>| fn(attr?, q...) by (a, b)</c> and its second stages (<c>| topk(n)</c>, <c>&gt; 10</c>, <c>* 100</c>).
/// <see cref="FunctionName"/> is the TraceQL spelling, used as <c>__name__</c> of an ungrouped series.
/// </summary>
public sealed record MetricsPipeline(
    MetricsFunction Function,
    string FunctionName,
    FieldRef? Attribute,
    IReadOnlyList<double> Quantiles,
    IReadOnlyList<FieldRef> By)
{
    /// <summary>What runs on the finished series, in order: topk/bottomk, value filters, arithmetic with a number.</summary>
    public IReadOnlyList<SecondStage> Stages { get; init; } = [];

    /// <summary>The arguments of <c>compare()</c>; null for other functions.</summary>
    public CompareSpec? Compare { get; init; }
}
