namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Arithmetic between metrics queries, <c>({ status = error } | rate() by (x)) / ({ } | rate() by (x))</c>: a tree whose
/// leaves are whole metrics queries (each evaluated and finished on its own) and whose nodes combine series.
/// <see cref="Stages"/> run on a node's result: filters, topk/bottomk and arithmetic with a number written after it.
/// </summary>
public abstract record MetricsMath
{
    public IReadOnlyList<SecondStage> Stages { get; init; } = [];

    /// <summary>The answer, given the finished series of every leaf (indexed by <see cref="MetricsMathLeaf.Index"/>).</summary>
    public List<MetricsSeries> Evaluate(IReadOnlyList<List<MetricsSeries>> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var result = Combine(leaves);
        SecondStage.ApplyAll(Stages, result);
        return result;
    }

    /// <summary>The leaves from left to right; a leaf's <see cref="MetricsMathLeaf.Index"/> is its place here.</summary>
    public List<TraceQLQuery> Leaves()
    {
        var leaves = new List<TraceQLQuery>();
        AddLeaves(leaves);
        return leaves;
    }

    protected abstract List<MetricsSeries> Combine(IReadOnlyList<List<MetricsSeries>> leaves);

    protected internal abstract void AddLeaves(List<TraceQLQuery> into);
}
