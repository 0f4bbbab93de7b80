namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>One parenthesized metrics query of an arithmetic expression; its own topk/filters are in its pipeline.</summary>
public sealed record MetricsMathLeaf(int Index, TraceQLQuery Query) : MetricsMath
{
    protected override List<MetricsSeries> Combine(IReadOnlyList<List<MetricsSeries>> leaves) => leaves[Index];

    protected internal override void AddLeaves(List<TraceQLQuery> into) => into.Add(Query);
}
