namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>
/// Tempo's validate step over a syntax tree: operand types of every operation, spanset filters that resolve to a
/// boolean, aggregates and groupings that read the span, regexes that compile (RE2), nil checks on intrinsics, limits of
/// topk/bottomk, compare() alone in its query. Constructs Tempo parses but does not run (the <c>parent</c> scope, scalar
/// filters other than aggregate-versus-number, comparisons of scalar pipelines) are refused as unsupported, naming them.
/// </summary>
public static class TraceQLSyntaxValidator
{
    public static void Validate(SyntaxNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Node(root);
        if (Contains(root, n => n.Category == SyntaxCategory.MetricsFunction && n.Op == "compare")
            && Contains(root, n => n.Category is SyntaxCategory.SecondStage or SyntaxCategory.MetricsExpression
                || (n.Category == SyntaxCategory.Metrics && n.Op != "|")
                || (n.Category == SyntaxCategory.Scalar && n.Op.Length > 0 && n.Children.Count == 1)))
        {
            throw new TraceQLValidationException("`compare()` cannot be used with second stage functions, filters or arithmetic");
        }
    }

    private static bool Contains(SyntaxNode node, Func<SyntaxNode, bool> predicate)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (predicate(node))
        {
            return true;
        }

        foreach (var c in node.Children)
        {
            if (Contains(c, predicate))
            {
                return true;
            }
        }

        return false;
    }

    private static void Node(SyntaxNode node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node.Category)
        {
            case SyntaxCategory.Field:
                Field(node);
                return;
            case SyntaxCategory.Spanset when node.Op == "{}":
                if (node.Children.Count == 1)
                {
                    var t = Field(node.Children[0]);
                    if (t is not (SyntaxType.Attribute or SyntaxType.Boolean))
                    {
                        throw new TraceQLValidationException($"span filter field expressions must resolve to a boolean, not {Name(t)}");
                    }
                }

                return;
            case SyntaxCategory.Aggregate:
                Aggregate(node);
                return;
            case SyntaxCategory.ScalarFilter:
                ScalarFilter(node);
                return;
            case SyntaxCategory.AggregateExpression:
                ScalarType(node);
                return;
            case SyntaxCategory.Group:
                foreach (var c in node.Children)
                {
                    if (!ReadsSpan(c))
                    {
                        throw new TraceQLValidationException("grouping field expressions must reference the span");
                    }

                    Field(c);
                }

                return;
            case SyntaxCategory.SecondStage:
                if (node.Number <= 0)
                {
                    throw new TraceQLValidationException($"{node.Text}: limit must be greater than 0");
                }

                break;
            case SyntaxCategory.ScalarPipelineFilter:
                Children(node);
                throw new TraceQLUnsupportedException("unsupported: comparing scalar pipelines ('({ ... } | count()) > ...') is not yet supported by TraceQL");
        }

        Children(node);
    }

    private static void Children(SyntaxNode node)
    {
        foreach (var c in node.Children)
        {
            Node(c);
        }
    }

    private static void Aggregate(SyntaxNode node)
    {
        if (node.Children.Count == 0)
        {
            return;
        }

        var t = Field(node.Children[0]);
        if (t != SyntaxType.Attribute && !IsNumeric(t))
        {
            throw new TraceQLValidationException($"aggregate field expressions must resolve to a number type: {node.Text}() of {Name(t)}");
        }

        if (!ReadsSpan(node.Children[0]))
        {
            throw new TraceQLValidationException($"aggregate field expressions must reference the span: {node.Text}()");
        }
    }

    private static void ScalarFilter(SyntaxNode node)
    {
        var left = ScalarType(node.Children[0]);
        var right = ScalarType(node.Children[1]);
        CheckOperands(node.Op, left, right);
        if (node.Children[0].Category != SyntaxCategory.Aggregate)
        {
            throw new TraceQLUnsupportedException("unsupported: a scalar filter whose left side is not a single aggregate (arithmetic between aggregates or a number on the left) is not yet supported by TraceQL");
        }

        if (node.Children[1].Category != SyntaxCategory.Scalar)
        {
            throw new TraceQLUnsupportedException("unsupported: a scalar filter comparing two aggregates is not yet supported by TraceQL");
        }
    }

    private static SyntaxType ScalarType(SyntaxNode node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node.Category)
        {
            case SyntaxCategory.Aggregate:
                Aggregate(node);
                return node.Text switch
                {
                    "count" => SyntaxType.Int,
                    "avg" => SyntaxType.Float,
                    _ => Field(node.Children[0]),
                };
            case SyntaxCategory.AggregateExpression:
                var left = ScalarType(node.Children[0]);
                var right = ScalarType(node.Children[1]);
                CheckOperands(node.Op, left, right);
                return left != SyntaxType.Attribute ? left : right;
            default:
                return node.Type;
        }
    }

    private static SyntaxType Field(SyntaxNode node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (node.Children.Count == 0)
        {
            return node.IsParent
                ? throw new TraceQLUnsupportedException($"unsupported: the parent scope ('{node.Text}') is not yet supported by TraceQL")
                : node.Type;
        }

        switch (node.Op)
        {
            case "not" or "neg":
                var t = Field(node.Children[0]);
                if (t != SyntaxType.Attribute && !(node.Op == "not" ? t == SyntaxType.Boolean : IsNumeric(t)))
                {
                    throw new TraceQLValidationException($"illegal operation for the given type: '{(node.Op == "not" ? "!" : "-")}' on {Name(t)}");
                }

                return node.Op == "not" ? SyntaxType.Boolean : t;
            case "exists" or "notexists":
                var operand = node.Children[0];
                Field(operand);
                if (node.Op == "notexists" && operand.Children.Count == 0 && (operand.IsIntrinsic || operand.Text == "resource.service.name"))
                {
                    throw new TraceQLValidationException($"{operand.Text}=nil is not valid because {(operand.IsIntrinsic ? "intrinsics" : "resource.service.name")} cannot be nil");
                }

                return SyntaxType.Boolean;
        }

        var left = Field(node.Children[0]);
        var right = Field(node.Children[1]);
        CheckOperands(node.Op, left, right);
        if (node.Op is "=~" or "!~")
        {
            var pattern = node.Children[1];
            if (!pattern.IsStatic || pattern.Type != SyntaxType.String)
            {
                throw new TraceQLValidationException($"invalid type for =~ or !~: the right side must be a string literal");
            }

            try
            {
                Re2Regex.Compile(pattern.Text);
            }
            catch (ArgumentException e)
            {
                throw new TraceQLValidationException(e.Message, e);
            }
        }

        return node.Op is "=" or "!=" or "<" or "<=" or ">" or ">=" or "=~" or "!~" or "&&" or "||"
            ? SyntaxType.Boolean
            : left != SyntaxType.Attribute ? left : right;
    }

    private static void CheckOperands(string op, SyntaxType left, SyntaxType right)
    {
        var matching = left == SyntaxType.Attribute || right == SyntaxType.Attribute || left == right
            || (IsNumeric(left) && IsNumeric(right)) || left == SyntaxType.Nil || right == SyntaxType.Nil;
        if (!matching)
        {
            throw new TraceQLValidationException($"binary operations must operate on the same type: {Name(left)} {op} {Name(right)}");
        }

        if (!Valid(op, left) || !Valid(op, right))
        {
            throw new TraceQLValidationException($"illegal operation for the given types: {Name(left)} {op} {Name(right)}");
        }
    }

    private static bool Valid(string op, SyntaxType t) => t switch
    {
        SyntaxType.Attribute => true,
        SyntaxType.Boolean => op is "&&" or "||" or "=" or "!=",
        SyntaxType.Int or SyntaxType.Float or SyntaxType.Duration => op is "+" or "-" or "*" or "/" or "%" or "^" or "=" or "!=" or ">" or ">=" or "<" or "<=",
        SyntaxType.String => op is "=" or "!=" or "=~" or "!~" or ">" or ">=" or "<" or "<=",
        _ => op is "=" or "!=",
    };

    private static bool IsNumeric(SyntaxType t) => t is SyntaxType.Int or SyntaxType.Float or SyntaxType.Duration;

    private static bool ReadsSpan(SyntaxNode node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (node.Children.Count == 0)
        {
            return !node.IsStatic;
        }

        foreach (var c in node.Children)
        {
            if (ReadsSpan(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Name(SyntaxType t) => t.ToString().ToLowerInvariant();
}
