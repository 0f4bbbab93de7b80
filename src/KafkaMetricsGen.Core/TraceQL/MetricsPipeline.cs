namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// <c>| fn(attr?, q...) by (a, b)</c> and an optional <c>| topk(n)</c> / <c>| bottomk(n)</c>.
/// <see cref="FunctionName"/> is the TraceQL spelling, used as <c>__name__</c> of an ungrouped series.
/// </summary>
public sealed record MetricsPipeline(
    MetricsFunction Function,
    string FunctionName,
    FieldRef? Attribute,
    IReadOnlyList<double> Quantiles,
    IReadOnlyList<FieldRef> By,
    SecondStage? Second)
{
    /// <summary>The arguments of <c>compare()</c>; null for other functions.</summary>
    public CompareSpec? Compare { get; init; }
}
