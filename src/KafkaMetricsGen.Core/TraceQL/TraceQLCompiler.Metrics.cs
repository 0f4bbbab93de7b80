using System.Globalization;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>The metrics part: <c>spansets | fn(...) by (...)</c>, second stages and arithmetic between metrics queries.</summary>
public static partial class TraceQLCompiler
{
    /// <summary>
    /// A metrics query or arithmetic between metrics queries. Second stages (topk/bottomk, value filters, arithmetic
    /// with a number) attach to the node they follow, in the order written.
    /// </summary>
    private static MetricsMath MetricsTree(SyntaxNode node, List<TraceQLQuery> leaves)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node.Category)
        {
            case SyntaxCategory.Metrics when node.Op == "|" && node.Children[1].Category == SyntaxCategory.MetricsFunction:
                var (filter, stages) = Spanset(node.Children[0]);
                var query = new TraceQLQuery(filter, Function(node.Children[1])) { Spansets = stages };
                leaves.Add(query);
                return new MetricsMathLeaf(leaves.Count - 1, query);
            case SyntaxCategory.Metrics when node.Op == "|":
                return Then(MetricsTree(node.Children[0], leaves), SecondStages(node.Children[1]));
            case SyntaxCategory.Metrics:
                return Then(MetricsTree(node.Children[0], leaves), [MetricsFilter(node.Op, node.Children[1])]);
            case SyntaxCategory.MetricsExpression when node.Op == "()":
                return MetricsTree(node.Children[0], leaves);
            case SyntaxCategory.MetricsExpression when node.Children[0].Category == SyntaxCategory.Scalar:
                return Then(MetricsTree(node.Children[1], leaves), [new MetricsScalarStage(node.Op[0], Scalar(node.Children[0]).AsDouble(), ScalarOnLeft: true)]);
            case SyntaxCategory.MetricsExpression when node.Children[1].Category == SyntaxCategory.Scalar:
                return Then(MetricsTree(node.Children[0], leaves), [new MetricsScalarStage(node.Op[0], Scalar(node.Children[1]).AsDouble(), ScalarOnLeft: false)]);
            case SyntaxCategory.MetricsExpression:
                return new MetricsMathBinary(node.Op[0], MetricsTree(node.Children[0], leaves), MetricsTree(node.Children[1], leaves));
            default:
                throw Unsupported($"a {node.Category} in a metrics query");
        }
    }

    /// <summary>Appends stages to a node; on a leaf they join its pipeline, so a single query finishes in one place.</summary>
    private static MetricsMath Then(MetricsMath math, IReadOnlyList<SecondStage> more)
    {
        if (math is MetricsMathLeaf leaf && leaf.Stages.Count == 0)
        {
            var pipeline = leaf.Query.Metrics!;
            var query = leaf.Query with { Metrics = pipeline with { Stages = [.. pipeline.Stages, .. more] } };
            return leaf with { Query = query };
        }

        return math with { Stages = [.. math.Stages, .. more] };
    }

    /// <summary><c>topk(n)</c> / <c>bottomk(n)</c> and the value filters written after it.</summary>
    private static List<SecondStage> SecondStages(SyntaxNode stage)
    {
        var stages = new List<SecondStage> { new TopKStage(stage.Text == TraceQLKeywords.TopK, (int)Math.Min(stage.Number, int.MaxValue)) };
        foreach (var child in stage.Children)
        {
            stages.Add(MetricsFilter(child.Op, child.Children[0]));
        }

        return stages;
    }

    /// <summary><c>&gt; 10</c> after a metrics query; a duration compares in seconds, the unit of duration series.</summary>
    private static MetricsFilterStage MetricsFilter(string op, SyntaxNode scalar)
    {
        var comparison = Comparison(op);
        if (comparison is ComparisonOperator.Regex or ComparisonOperator.NotRegex)
        {
            throw new TraceQLValidationException($"unsupported metrics filter operation: {op}");
        }

        var value = Scalar(scalar);
        var number = value.Kind == StaticKind.Duration ? value.AsDouble() / 1e9 : value.AsDouble();
        return new MetricsFilterStage(comparison, number);
    }

    private static MetricsPipeline Function(SyntaxNode fn)
    {
        if (fn.Op == TraceQLKeywords.Compare)
        {
            return CompareFunction(fn);
        }

        var function = fn.Op switch
        {
            TraceQLKeywords.Rate => MetricsFunction.Rate,
            TraceQLKeywords.CountOverTime => MetricsFunction.CountOverTime,
            TraceQLKeywords.SumOverTime => MetricsFunction.SumOverTime,
            TraceQLKeywords.AvgOverTime => MetricsFunction.AvgOverTime,
            TraceQLKeywords.MinOverTime => MetricsFunction.MinOverTime,
            TraceQLKeywords.MaxOverTime => MetricsFunction.MaxOverTime,
            TraceQLKeywords.QuantileOverTime => MetricsFunction.QuantileOverTime,
            TraceQLKeywords.HistogramOverTime => MetricsFunction.HistogramOverTime,
            _ => throw Unsupported($"{fn.Op}()"),
        };
        FieldRef? attribute = null;
        var quantiles = new List<double>();
        var by = new List<FieldRef>();
        var filters = new List<SecondStage>();
        foreach (var child in fn.Children)
        {
            switch (child.Category)
            {
                case SyntaxCategory.Field:
                    attribute = Field(child);
                    break;
                case SyntaxCategory.Scalar when child.Op.Length > 0 && child.Children.Count == 1:
                    filters.Add(MetricsFilter(child.Op, child.Children[0]));
                    break;
                case SyntaxCategory.Scalar:
                    var q = double.Parse(child.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (q is < 0 or > 1)
                    {
                        throw new TraceQLValidationException($"quantile {child.Text} is outside [0, 1]");
                    }

                    quantiles.Add(q);
                    break;
                case SyntaxCategory.Group:
                    foreach (var b in child.Children)
                    {
                        by.Add(Field(b));
                    }

                    break;
            }
        }

        var max = function is MetricsFunction.QuantileOverTime or MetricsFunction.HistogramOverTime ? MaxGroupBys - 1 : MaxGroupBys;
        if (by.Count > max)
        {
            throw new TraceQLValidationException($"{fn.Op} allows at most {max} group-bys, got {by.Count}");
        }

        return new MetricsPipeline(function, fn.Op, attribute, quantiles, by) { Stages = filters };
    }

    private static MetricsPipeline CompareFunction(SyntaxNode fn)
    {
        var numbers = fn.Children.Skip(1).Select(c => c.Number).ToArray();
        var topN = numbers.Length > 0 ? numbers[0] : CompareSpec.DefaultTopN;
        long start = numbers.Length > 2 ? numbers[1] : 0, end = numbers.Length > 2 ? numbers[2] : 0;
        if (topN is <= 0 or > CompareSpec.MaxTopN)
        {
            throw new TraceQLValidationException($"compare() top number of values must be an integer between 1 and {CompareSpec.MaxTopN}");
        }

        if (start != 0 || end != 0)
        {
            if (start <= 0 || end <= 0)
            {
                throw new TraceQLValidationException("compare() timestamps must be positive integer unix nanoseconds");
            }

            if (end <= start)
            {
                throw new TraceQLValidationException("compare() end timestamp must be greater than start timestamp");
            }
        }

        var spec = new CompareSpec(SpansetFilter(fn.Children[0]), (int)Math.Min(topN, int.MaxValue), (ulong)start, (ulong)end);
        return new MetricsPipeline(MetricsFunction.Compare, fn.Op, null, [], []) { Compare = spec };
    }
}
