using KafkaMetricsGen.Core.TraceQL.Spansets;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Turns a validated syntax tree (<see cref="TraceQLSyntaxParser"/>, <see cref="TraceQLSyntaxValidator"/>) into the
/// query the engine runs: span filters, the per-trace spanset pipeline, the metrics pipeline and the hints. What the
/// engine cannot run over local blocks is a <see cref="TraceQLUnsupportedException"/> naming the construct.
/// </summary>
public static partial class TraceQLCompiler
{
    /// <summary>Tempo allows at most 5 group-bys; histogram and quantile use one slot for the bucket.</summary>
    public const int MaxGroupBys = 5;

    public static TraceQLQuery Compile(SyntaxNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var body = root;
        SyntaxNode? hints = null;
        if (root.Children.Count > 0 && root.Children[^1] is { Category: SyntaxCategory.Hints, Op: "with" } with)
        {
            hints = with;
            body = root with { Children = [.. root.Children.Take(root.Children.Count - 1)] };
        }

        var exemplars = Hints(hints);
        if (body.Category is SyntaxCategory.Metrics or SyntaxCategory.MetricsExpression)
        {
            var math = MetricsTree(body, []);
            return math is MetricsMathLeaf leaf
                ? leaf.Query with { ExemplarsHint = exemplars }
                : new TraceQLQuery(MatchAllFilter.Instance, null) { ExemplarsHint = exemplars, Math = math };
        }

        var (filter, stages) = Spanset(body);
        return new TraceQLQuery(filter, null) { ExemplarsHint = exemplars, Spansets = stages };
    }

    private static TraceQLUnsupportedException Unsupported(string construct) =>
        new($"unsupported: {construct} is valid TraceQL but not evaluated over local blocks yet");

    /// <summary>
    /// <c>with(exemplars=N|true|false, sample=true|false|0.1)</c>. Sampling is accepted and the answer stays exact: local
    /// blocks are small enough to read every stored span.
    /// </summary>
    private static uint? Hints(SyntaxNode? hints)
    {
        uint? exemplars = null;
        if (hints is null)
        {
            return null;
        }

        foreach (var hint in hints.Children)
        {
            var value = Literal(hint.Children[0]);
            switch (hint.Text)
            {
                case TraceQLKeywords.ExemplarsHint when value.Kind == StaticKind.Int && value.Int >= 0:
                    exemplars = (uint)Math.Min(value.Int, uint.MaxValue);
                    break;
                case TraceQLKeywords.ExemplarsHint when value.Kind == StaticKind.Bool:
                    exemplars = value.Int != 0 ? null : 0;
                    break;
                case TraceQLKeywords.ExemplarsHint:
                    throw new TraceQLValidationException("the exemplars hint takes a count or true/false");
                case TraceQLKeywords.SampleHint when value.Kind == StaticKind.Bool || (value.IsNumeric && value.AsDouble() is > 0 and <= 1):
                    break;
                case TraceQLKeywords.SampleHint:
                    throw new TraceQLValidationException("the sample hint takes true/false or a fraction in (0, 1]");
                default:
                    throw Unsupported($"the hint '{hint.Text}' (exemplars and sample are evaluated)");
            }
        }

        return exemplars;
    }

    /// <summary>The spanset part: one <c>{ }</c> is a plain filter; anything else becomes a per-trace pipeline.</summary>
    private static (SpanFilter Filter, SpansetStage? Stages) Spanset(SyntaxNode node)
    {
        if (node.Category == SyntaxCategory.Spanset && node.Op == "{}")
        {
            return (SpansetFilter(node), null);
        }

        return (MatchAllFilter.Instance, Stage(node));
    }

    private static SpanFilter SpansetFilter(SyntaxNode spanset) =>
        spanset.Children.Count == 0 ? MatchAllFilter.Instance : Filter(spanset.Children[0]);

    private static SpansetStage Stage(SyntaxNode node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node.Category)
        {
            case SyntaxCategory.Spanset when node.Op == "{}":
                return new FilterStage(SpansetFilter(node));
            case SyntaxCategory.Spanset:
            case SyntaxCategory.PipelineExpression:
                return Operation(node.Op, Stage(node.Children[0]), Stage(node.Children[1]));
            case SyntaxCategory.WrappedPipeline:
                return Stage(node.Children[0]);
            case SyntaxCategory.Pipeline:
                var stages = new List<SpansetStage>();
                Flatten(node, stages);
                return stages.Count == 1 ? stages[0] : new PipelineStage(stages);
            case SyntaxCategory.ScalarFilter:
                return ScalarFilter(node);
            case SyntaxCategory.Group:
                return new GroupStage(Value(node.Children[0]));
            case SyntaxCategory.Coalesce:
                return CoalesceStage.Instance;
            case SyntaxCategory.Select:
                // select() only chooses the attributes a search shows; it does not change which spans match.
                return new FilterStage(MatchAllFilter.Instance);
            default:
                throw Unsupported($"a {node.Category} in a spanset pipeline");
        }
    }

    private static void Flatten(SyntaxNode node, List<SpansetStage> stages)
    {
        if (node.Category == SyntaxCategory.Pipeline)
        {
            Flatten(node.Children[0], stages);
            Flatten(node.Children[1], stages);
            return;
        }

        if (node.Category != SyntaxCategory.Select)
        {
            stages.Add(Stage(node));
        }
    }

    private static SpansetOperationStage Operation(string op, SpansetStage left, SpansetStage right)
    {
        var negated = op.Length > 1 && op[0] == '!';
        var union = op.Length > 1 && op[0] == '&' && op != "&&";
        var relation = negated || union ? op[1..] : op;
        var kind = relation switch
        {
            "&&" => SpansetOperator.And,
            "||" => SpansetOperator.Or,
            ">" => SpansetOperator.Child,
            ">>" => SpansetOperator.Descendant,
            "<" => SpansetOperator.Parent,
            "<<" => SpansetOperator.Ancestor,
            "~" => SpansetOperator.Sibling,
            _ => throw Unsupported($"the spanset operator '{op}'"),
        };
        return new SpansetOperationStage(kind, negated, union, left, right);
    }

    private static ScalarFilterStage ScalarFilter(SyntaxNode node)
    {
        var aggregate = node.Children[0];
        var argument = aggregate.Children.Count == 0 ? null : Value(aggregate.Children[0]);
        return new ScalarFilterStage(aggregate.Text, argument, Comparison(node.Op), Scalar(node.Children[1]));
    }
}
