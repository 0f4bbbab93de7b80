using System.Globalization;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Field expressions: filters, values, literals and the fields they read.</summary>
public static partial class TraceQLCompiler
{
    /// <summary>
    /// One field as a tag lookup names it: <c>span.x</c>, <c>resource.x</c>, <c>.x</c>, an intrinsic, or a bare name
    /// (an unscoped attribute).
    /// </summary>
    public static FieldRef ParseField(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new SyntaxLexer(text).Tokenize();
        var first = tokens[0];
        if (tokens.Count != 2)
        {
            var (line, column) = SyntaxLexer.LineColumnOf(text, tokens[Math.Min(1, tokens.Count - 1)].Position);
            throw new TraceQLParseException(line, column, "expected one attribute or intrinsic");
        }

        return first.Kind switch
        {
            SyntaxTokenKind.Attribute => Field(SyntaxNode.Leaf(SyntaxCategory.Field, first.Scope + first.Text) with { Scope = first.Scope, Name = first.Text }),
            SyntaxTokenKind.Word when TraceQLKeywords.TryIntrinsic(first.Text, out var intrinsic) => FieldRef.ForIntrinsic(intrinsic, first.Text),
            SyntaxTokenKind.Word => new FieldRef(AttributeScope.None, Intrinsic.None, string.Intern(first.Text), "." + first.Text),
            _ => throw new TraceQLParseException(1, 1, "expected an attribute or intrinsic"),
        };
    }

    private static SpanFilter Filter(SyntaxNode node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var filter = RawFilter(node);
        return IsConstant(node) ? (filter.Matches(default, default) ? ConstantFilter.True : ConstantFilter.False) : filter;
    }

    private static SpanFilter RawFilter(SyntaxNode node)
    {
        if (node.Children.Count == 0)
        {
            // A bare attribute is true when it holds the boolean true; a literal is itself.
            return node.IsStatic
                ? Literal(node) is { Kind: StaticKind.Bool, Int: not 0 } ? ConstantFilter.True : ConstantFilter.False
                : new ComparisonFilter(Field(node), ComparisonOperator.Equal, StaticValue.OfBool(true));
        }

        switch (node.Op)
        {
            case "&&" or "||":
                return new LogicalFilter(Filter(node.Children[0]), Filter(node.Children[1]), node.Op == "&&");
            case "not":
                return new NotFilter(Filter(node.Children[0]));
            case "exists" or "notexists":
                var operand = node.Children[0];
                return operand.Children.Count == 0 && !operand.IsStatic
                    ? new ComparisonFilter(Field(operand), node.Op == "exists" ? ComparisonOperator.NotEqual : ComparisonOperator.Equal, StaticValue.Nil)
                    : new ExistsFilter(Value(operand), node.Op == "exists");
            case "=" or "!=" or "<" or "<=" or ">" or ">=" or "=~" or "!~":
                return Compare(node);
            default:
                // Arithmetic standing alone: true only if it yields the boolean true (it never does).
                return new ExpressionFilter(Value(node), ComparisonOperator.Equal, new ConstantValue(StaticValue.OfBool(true)));
        }
    }

    private static SpanFilter Compare(SyntaxNode node)
    {
        var op = Comparison(node.Op);
        var (left, right) = (node.Children[0], node.Children[1]);
        if (left.Children.Count == 0 && !left.IsStatic && IsConstant(right))
        {
            return new ComparisonFilter(Field(left), op, Constant(right));
        }

        if (right.Children.Count == 0 && !right.IsStatic && IsConstant(left) && op is not (ComparisonOperator.Regex or ComparisonOperator.NotRegex))
        {
            return new ComparisonFilter(Field(right), Flip(op), Constant(left));
        }

        return new ExpressionFilter(Value(left), op, Value(right));
    }

    private static ComparisonOperator Flip(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        _ => op,
    };

    private static ComparisonOperator Comparison(string op) => op switch
    {
        "=" => ComparisonOperator.Equal,
        "!=" => ComparisonOperator.NotEqual,
        ">" => ComparisonOperator.Greater,
        ">=" => ComparisonOperator.GreaterOrEqual,
        "<" => ComparisonOperator.Less,
        "<=" => ComparisonOperator.LessOrEqual,
        "=~" => ComparisonOperator.Regex,
        "!~" => ComparisonOperator.NotRegex,
        _ => throw Unsupported($"the operator '{op}'"),
    };

    private static ValueExpression Value(SyntaxNode node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var value = RawValue(node);
        return IsConstant(node) && node.Children.Count > 0 ? new ConstantValue(value.Evaluate(default, default)) : value;
    }

    private static ValueExpression RawValue(SyntaxNode node)
    {
        if (node.Children.Count == 0)
        {
            return node.IsStatic ? new ConstantValue(Literal(node)) : new FieldValue(Field(node));
        }

        return node.Op switch
        {
            "+" or "-" or "*" or "/" or "%" or "^" => new ArithmeticValue(node.Op[0], Value(node.Children[0]), Value(node.Children[1])),
            "neg" => new ArithmeticValue('-', Value(node.Children[0]), null),
            _ => new BooleanValue(Filter(node)),
        };
    }

    private static bool IsConstant(SyntaxNode node)
    {
        if (node.Children.Count == 0)
        {
            return node.IsStatic;
        }

        foreach (var c in node.Children)
        {
            if (!IsConstant(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A constant subtree, folded once at compile time.</summary>
    private static StaticValue Constant(SyntaxNode node) => ((ConstantValue)Value(node)).Value;

    private static StaticValue Literal(SyntaxNode node)
    {
        var text = node.Text;
        switch (node.Type)
        {
            case SyntaxType.String:
                return StaticValue.OfString(text);
            case SyntaxType.Int:
                return text switch
                {
                    "minInt" => StaticValue.OfInt(long.MinValue),
                    "maxInt" => StaticValue.OfInt(long.MaxValue),
                    _ => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? StaticValue.OfInt(i) : StaticValue.OfFloat(double.Parse(text, CultureInfo.InvariantCulture)),
                };
            case SyntaxType.Float:
                return StaticValue.OfFloat(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case SyntaxType.Duration:
                var negative = text.StartsWith('-');
                GoDurations.TryParse(negative ? text[1..] : text, prometheus: false, out var ns);
                return StaticValue.OfDuration(negative ? -ns : ns);
            default:
                return TraceQLKeywords.TryLiteral(text, out var v) ? v : StaticValue.Nil;
        }
    }

    /// <summary>A number outside <c>{ }</c> (a scalar filter's right side), constant arithmetic folded.</summary>
    private static StaticValue Scalar(SyntaxNode node)
    {
        if (node.Children.Count < 2)
        {
            return Literal(node);
        }

        var value = ArithmeticValue.Apply(node.Op[0], Scalar(node.Children[0]).AsDouble(), Scalar(node.Children[1]).AsDouble());
        return node.Type == SyntaxType.Int && value == Math.Floor(value) && Math.Abs(value) < 9e18 ? StaticValue.OfInt((long)value) : StaticValue.OfFloat(value);
    }

    private static FieldRef Field(SyntaxNode node)
    {
        if (node.IsIntrinsic)
        {
            return TraceQLKeywords.TryIntrinsic(node.Text, out var intrinsic)
                ? FieldRef.ForIntrinsic(intrinsic, node.Text)
                : throw Unsupported($"the intrinsic '{node.Text}'");
        }

        var scope = node.Scope switch
        {
            "span." => AttributeScope.Span,
            "resource." => AttributeScope.Resource,
            "." => AttributeScope.None,
            "event." => AttributeScope.Event,
            "link." => AttributeScope.Link,
            "instrumentation." => AttributeScope.Instrumentation,
            _ => throw Unsupported($"the '{node.Scope}' scope ('{node.Text}')"),
        };
        return new FieldRef(scope, Intrinsic.None, string.Intern(node.Name), node.Text);
    }
}
