namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>Which categories each operator combines outside <c>{ }</c>, and into what.</summary>
public sealed partial class TraceQLSyntaxParser
{
    private SyntaxNode Combine(SyntaxToken opToken, SyntaxNode left, SyntaxNode right)
    {
        var op = opToken.Text;
        var result = op switch
        {
            "|" => Pipe(left, right),
            "&&" or "||" => SpansetOperation(op, left, right),
            "+" or "-" or "*" or "/" or "%" or "^" => Arithmetic(opToken, left, right),
            _ => Comparison(op, left, right),
        };
        return result ?? throw Error(opToken, $"'{op}' cannot combine a {Describe(left)} and a {Describe(right)}");
    }

    private static SyntaxNode Node(SyntaxCategory category, string op, SyntaxNode left, SyntaxNode right) => new(category, op, [left, right]);

    private static SyntaxNode? Pipe(SyntaxNode left, SyntaxNode right)
    {
        var leftIsPipeline = left.Category is SyntaxCategory.Spanset or SyntaxCategory.Pipeline or SyntaxCategory.ScalarFilter
            or SyntaxCategory.Group or SyntaxCategory.Select;
        if (leftIsPipeline)
        {
            return right.Category switch
            {
                SyntaxCategory.Spanset or SyntaxCategory.ScalarFilter or SyntaxCategory.Group or SyntaxCategory.Coalesce or SyntaxCategory.Select =>
                    Node(SyntaxCategory.Pipeline, "|", left, right),
                SyntaxCategory.Aggregate when !right.Wrapped => Node(SyntaxCategory.ScalarPipeline, "|", left, right),
                SyntaxCategory.MetricsFunction => Node(SyntaxCategory.Metrics, "|", left, right),
                _ => null,
            };
        }

        return left.Category is SyntaxCategory.Metrics or SyntaxCategory.MetricsExpression && right.Category == SyntaxCategory.SecondStage
            ? Node(SyntaxCategory.Metrics, "|", left, right)
            : null;
    }

    private static bool IsPipelineOperand(SyntaxNode n) =>
        n.Category is SyntaxCategory.WrappedPipeline or SyntaxCategory.PipelineExpression || (n.Category == SyntaxCategory.Spanset && n.Wrapped);

    private static SyntaxNode? SpansetOperation(string op, SyntaxNode left, SyntaxNode right)
    {
        if (left.Category == SyntaxCategory.Spanset && right.Category == SyntaxCategory.Spanset)
        {
            return Node(SyntaxCategory.Spanset, op, left, right);
        }

        return IsPipelineOperand(left) && IsPipelineOperand(right) ? Node(SyntaxCategory.PipelineExpression, op, left, right) : null;
    }

    private static SyntaxNode? Comparison(string op, SyntaxNode left, SyntaxNode right)
    {
        if (Structural.Contains(op) && SpansetOperation(op, left, right) is { } spanset)
        {
            return spanset;
        }

        if (!Comparisons.Contains(op))
        {
            return null;
        }

        var leftAggregate = left.Category is SyntaxCategory.Aggregate or SyntaxCategory.AggregateExpression;
        var rightAggregate = right.Category is SyntaxCategory.Aggregate or SyntaxCategory.AggregateExpression;
        if ((leftAggregate && (rightAggregate || right.Category == SyntaxCategory.Scalar)) || (left.Category == SyntaxCategory.Scalar && rightAggregate))
        {
            return Node(SyntaxCategory.ScalarFilter, op, left, right);
        }

        if (right.Category != SyntaxCategory.Scalar)
        {
            return left.Category == SyntaxCategory.ScalarPipelineExpression && right.Category == SyntaxCategory.ScalarPipelineExpression
                ? Node(SyntaxCategory.ScalarPipelineFilter, op, left, right)
                : null;
        }

        return left.Category switch
        {
            SyntaxCategory.MetricsFunction or SyntaxCategory.SecondStage => left with { Children = [.. left.Children, new SyntaxNode(SyntaxCategory.Scalar, op, [right])] },
            SyntaxCategory.Metrics or SyntaxCategory.MetricsExpression => Node(SyntaxCategory.Metrics, op, left, right),
            SyntaxCategory.ScalarPipelineExpression => Node(SyntaxCategory.ScalarPipelineFilter, op, left, right),
            _ => null,
        };
    }

    private SyntaxNode? Arithmetic(SyntaxToken opToken, SyntaxNode left, SyntaxNode right)
    {
        var op = opToken.Text;
        var basic = op is "+" or "-" or "*" or "/";
        if (left.Category == SyntaxCategory.Scalar && right.Category == SyntaxCategory.Scalar)
        {
            if (!basic)
            {
                return null;
            }

            if (left.Type == SyntaxType.Duration || right.Type == SyntaxType.Duration)
            {
                throw Error(opToken, "duration cannot be used in scalar arithmetic");
            }

            var type = left.Type == SyntaxType.Float || right.Type == SyntaxType.Float ? SyntaxType.Float : SyntaxType.Int;
            return Node(SyntaxCategory.Scalar, op, left, right) with { Type = type, Text = left.Text + op + right.Text };
        }

        var leftAggregate = left.Category is SyntaxCategory.Aggregate or SyntaxCategory.AggregateExpression;
        var rightAggregate = right.Category is SyntaxCategory.Aggregate or SyntaxCategory.AggregateExpression;
        if ((leftAggregate && (rightAggregate || right.Category == SyntaxCategory.Scalar)) || (left.Category == SyntaxCategory.Scalar && rightAggregate))
        {
            return Node(SyntaxCategory.AggregateExpression, op, left, right) with { Text = left.Text + op + right.Text };
        }

        var leftMetrics = left.Category == SyntaxCategory.MetricsExpression;
        var rightMetrics = right.Category == SyntaxCategory.MetricsExpression;
        if (basic && (leftMetrics || rightMetrics) && (leftMetrics || left.Category == SyntaxCategory.Scalar) && (rightMetrics || right.Category == SyntaxCategory.Scalar))
        {
            if (left.Type == SyntaxType.Duration && !leftMetrics || right.Type == SyntaxType.Duration && !rightMetrics)
            {
                throw Error(opToken, "duration cannot be used as a scalar operand in metric arithmetic");
            }

            return Node(SyntaxCategory.MetricsExpression, op, left, right);
        }

        return left.Category == SyntaxCategory.ScalarPipelineExpression && right.Category == SyntaxCategory.ScalarPipelineExpression
            ? Node(SyntaxCategory.ScalarPipelineExpression, op, left, right)
            : null;
    }
}
