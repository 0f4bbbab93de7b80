namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>
/// Names the first construct of a valid query that the evaluator over local blocks does not run yet, so the answer can
/// say "unsupported" and what, instead of a parse error from the evaluator's narrower parser.
/// </summary>
public static class LocalEvaluationSupport
{
    private static readonly HashSet<string> EvaluatedIntrinsics = new(StringComparer.Ordinal)
    {
        "name", "span:name", "status", "span:status", "kind", "span:kind", "duration", "span:duration", "statusMessage",
        "span:statusMessage", "trace:rootService", "rootServiceName", "trace:rootName", "rootName", "trace:duration", "traceDuration", "span:id", "trace:id", "span:parentID", "nestedSetParent",
    };

    public static string? FirstUnsupported(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var own = node.Category switch
        {
            SyntaxCategory.Spanset when node.Op != "{}" => $"the spanset operator '{node.Op}'",
            SyntaxCategory.PipelineExpression => $"the operator '{node.Op}' between spanset pipelines",
            SyntaxCategory.Pipeline when node.Children[1].Category != SyntaxCategory.Spanset || node.Children[0].Category != SyntaxCategory.Spanset =>
                Stage(node.Children[0]) ?? Stage(node.Children[1]),
            SyntaxCategory.Pipeline => "a spanset pipeline ('{ ... } | { ... }')",
            SyntaxCategory.WrappedPipeline => "a parenthesized spanset pipeline",
            SyntaxCategory.ScalarFilter => "the scalar filter (count(), avg(), ...)",
            SyntaxCategory.Group => node.Children.Count == 1 && node.Children[0].Category == SyntaxCategory.Field && node.Children[0].Children.Count > 0 ? "by() with an expression" : null,
            SyntaxCategory.Select => "select()",
            SyntaxCategory.MetricsFunction when node.Op == "compare" => "compare()",
            SyntaxCategory.Scalar when node.Op.Length > 0 && node.Children.Count == 1 => $"the metrics filter '{node.Op} {node.Children[0].Text}'",
            SyntaxCategory.Metrics when node.Op != "|" => $"the metrics filter '{node.Op}'",
            SyntaxCategory.SecondStage when node.Children.Count > 0 => $"a filter after {node.Text}()",
            SyntaxCategory.MetricsExpression => "arithmetic between metrics queries",
            SyntaxCategory.Field => Field(node),
            _ => null,
        };
        if (own is not null)
        {
            return own;
        }

        if (node.Category == SyntaxCategory.Metrics && node.Op == "|" && node.Children[0].Category == SyntaxCategory.Metrics
            && node.Children[0].Children[0].Category == SyntaxCategory.Metrics)
        {
            return "more than one second stage (topk/bottomk)";
        }

        foreach (var c in node.Children)
        {
            if (FirstUnsupported(c) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static string? Stage(SyntaxNode stage) => stage.Category switch
    {
        SyntaxCategory.Group => "by() in a spanset pipeline",
        SyntaxCategory.Coalesce => "coalesce()",
        SyntaxCategory.Select => "select()",
        SyntaxCategory.ScalarFilter => "the scalar filter (count(), avg(), ...)",
        _ => null,
    };

    private static string? Field(SyntaxNode node)
    {
        if (node.Children.Count == 0)
        {
            if (node.IsIntrinsic)
            {
                return EvaluatedIntrinsics.Contains(node.Text) ? null : $"the intrinsic '{node.Text}'";
            }

            foreach (var scope in (ReadOnlySpan<string>)["event.", "link.", "instrumentation."])
            {
                if (node.Text.StartsWith(scope, StringComparison.Ordinal))
                {
                    return $"the '{scope}' scope";
                }
            }

            return null;
        }

        return node.Op switch
        {
            "+" or "-" or "*" or "/" or "%" or "^" => $"arithmetic ('{node.Op}') in a filter",
            "neg" => "negation ('-') in a filter",
            "exists" or "notexists" => null,
            "not" or "&&" or "||" => null,
            _ when node.Children[0].Children.Count > 0 || node.Children[0].IsStatic => "a comparison whose left side is not an attribute or intrinsic",
            _ => null,
        };
    }
}
