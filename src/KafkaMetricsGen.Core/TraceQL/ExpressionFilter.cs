using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A comparison whose sides are expressions (<c>{ .a + 1 = 2 }</c>, <c>{ .a = .b }</c>); the common
/// <c>attribute op literal</c> form compiles to <see cref="ComparisonFilter"/> instead. A nil side matches nothing.
/// </summary>
public sealed class ExpressionFilter : SpanFilter
{
    private readonly Regex? _regex;

    public ExpressionFilter(ValueExpression left, ComparisonOperator op, ValueExpression right)
    {
        ArgumentNullException.ThrowIfNull(right);
        Left = left;
        Operator = op;
        Right = right;
        if (op is ComparisonOperator.Regex or ComparisonOperator.NotRegex && right is ConstantValue { Value.Kind: StaticKind.String } pattern)
        {
            _regex = Re2Regex.Compile(pattern.Value.String!);
        }
    }

    public ValueExpression Left { get; }

    public ComparisonOperator Operator { get; }

    public ValueExpression Right { get; }

    public override bool UsesTraceFields => Left.UsesTraceFields || Right.UsesTraceFields;

    public override bool Matches(in StoredSpan span, in TraceInfo trace)
    {
        var l = Left.Evaluate(span, trace);
        var r = Right.Evaluate(span, trace);
        return !l.IsNil && !r.IsNil && ComparisonFilter.Compare(l, Operator, r, _regex);
    }
}
