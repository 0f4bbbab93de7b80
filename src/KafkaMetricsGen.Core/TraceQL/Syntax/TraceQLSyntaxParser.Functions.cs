namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>Aggregates, pipeline operations, metrics functions and second stages.</summary>
public sealed partial class TraceQLSyntaxParser
{
    private static readonly HashSet<string> Aggregates = new(StringComparer.Ordinal) { "count", "min", "max", "avg", "sum" };

    private static readonly HashSet<string> AttributeMetrics = new(StringComparer.Ordinal)
    {
        "min_over_time", "max_over_time", "sum_over_time", "avg_over_time", "histogram_over_time",
    };

    private SyntaxNode ParseFunction(SyntaxToken name)
    {
        _index++;
        var fn = name.Text;
        if (Current.Kind != SyntaxTokenKind.OpenParen)
        {
            throw Error(Current, $"unexpected {Current.Describe()}, expected '(' after '{fn}'");
        }

        if (Aggregates.Contains(fn))
        {
            _index++;
            var argument = fn == "count" ? null : ParseField(0);
            Expect(SyntaxTokenKind.CloseParen, fn == "count" ? "')': count() takes no argument" : "')'");
            return new SyntaxNode(SyntaxCategory.Aggregate, fn, argument is null ? [] : [argument]) { Text = fn };
        }

        switch (fn)
        {
            case "by":
                _index++;
                var group = ParseField(0);
                Expect(SyntaxTokenKind.CloseParen, "')'");
                return new SyntaxNode(SyntaxCategory.Group, fn, [group]) { Text = fn };
            case "coalesce":
                _index++;
                Expect(SyntaxTokenKind.CloseParen, "')': coalesce() takes no argument");
                return new SyntaxNode(SyntaxCategory.Coalesce, fn, []) { Text = fn };
            case "select":
                _index++;
                var attributes = ParseAttributeList();
                Expect(SyntaxTokenKind.CloseParen, "')' or ','");
                return new SyntaxNode(SyntaxCategory.Select, fn, attributes) { Text = fn };
            case "topk" or "bottomk":
                _index++;
                var n = Expect(SyntaxTokenKind.Integer, "a positive integer");
                Expect(SyntaxTokenKind.CloseParen, "')'");
                return new SyntaxNode(SyntaxCategory.SecondStage, fn, []) { Text = fn, Number = n.Int };
            case "rate" or "count_over_time":
                _index++;
                Expect(SyntaxTokenKind.CloseParen, $"')': {fn}() takes no argument");
                return MetricsBy(fn, []);
            case "quantile_over_time":
                _index++;
                var attribute = ParseAttribute();
                var quantiles = new List<SyntaxNode>();
                Expect(SyntaxTokenKind.Comma, "',' and the quantiles");
                do
                {
                    var q = Current;
                    if (q.Kind is not (SyntaxTokenKind.Integer or SyntaxTokenKind.Float))
                    {
                        throw Unexpected("a quantile");
                    }

                    _index++;
                    quantiles.Add(SyntaxNode.Leaf(SyntaxCategory.Scalar, q.Text, SyntaxType.Float));
                }
                while (Accept(SyntaxTokenKind.Comma));
                Expect(SyntaxTokenKind.CloseParen, "')' or ','");
                return MetricsBy(fn, [attribute, .. quantiles]);
            case "compare":
                _index++;
                var selection = ParseSpansetFilter();
                var arguments = new List<SyntaxNode> { selection };
                while (Accept(SyntaxTokenKind.Comma))
                {
                    var i = Expect(SyntaxTokenKind.Integer, "an integer");
                    arguments.Add(SyntaxNode.Leaf(SyntaxCategory.Scalar, i.Text, SyntaxType.Int) with { Number = i.Int });
                }

                if (arguments.Count is 3 or > 4)
                {
                    throw Error(name, "compare() takes a spanset filter and 1 or 3 integers (topN, start, end)");
                }

                Expect(SyntaxTokenKind.CloseParen, "')' or ','");
                return new SyntaxNode(SyntaxCategory.MetricsFunction, fn, arguments) { Text = fn };
            default:
                if (AttributeMetrics.Contains(fn))
                {
                    _index++;
                    var a = ParseAttribute();
                    Expect(SyntaxTokenKind.CloseParen, "')'");
                    return MetricsBy(fn, [a]);
                }

                throw Error(name, $"unknown function '{fn}'");
        }
    }

    private SyntaxNode MetricsBy(string fn, List<SyntaxNode> arguments)
    {
        if (IsWord("by"))
        {
            _index++;
            Expect(SyntaxTokenKind.OpenParen, "'(' after by");
            var by = ParseAttributeList();
            Expect(SyntaxTokenKind.CloseParen, "')' or ','");
            arguments.Add(new SyntaxNode(SyntaxCategory.Group, "by", by));
        }

        return new SyntaxNode(SyntaxCategory.MetricsFunction, fn, arguments) { Text = fn };
    }

    private List<SyntaxNode> ParseAttributeList()
    {
        var list = new List<SyntaxNode> { ParseAttribute() };
        while (Accept(SyntaxTokenKind.Comma))
        {
            list.Add(ParseAttribute());
        }

        return list;
    }

    /// <summary>An attribute, intrinsic or scoped intrinsic; nothing else (no statics or expressions).</summary>
    private SyntaxNode ParseAttribute()
    {
        var t = Current;
        if (t.Kind == SyntaxTokenKind.Attribute)
        {
            _index++;
            return AttributeNode(t);
        }

        if (t.Kind == SyntaxTokenKind.Word && SyntaxIntrinsics.TryGet(t.Text, out var type))
        {
            _index++;
            return IntrinsicNode(t.Text, type);
        }

        throw Unexpected("an attribute or intrinsic");
    }

    private static SyntaxNode AttributeNode(SyntaxToken t) =>
        SyntaxNode.Leaf(SyntaxCategory.Field, t.Scope + t.Text) with
        {
            IsParent = t.Scope.StartsWith("parent.", StringComparison.Ordinal),
            Scope = t.Scope,
            Name = t.Text,
        };

    private static SyntaxNode IntrinsicNode(string name, SyntaxType type) =>
        SyntaxNode.Leaf(SyntaxCategory.Field, name, type) with { IsIntrinsic = true, IsParent = name == "parent" };
}
