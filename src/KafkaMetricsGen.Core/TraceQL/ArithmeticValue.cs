namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// <c>a + b</c>, <c>-</c>, <c>*</c>, <c>/</c>, <c>%</c>, <c>^</c> or unary minus (<see cref="Right"/> null). As in Tempo,
/// arithmetic is done in floating point: durations count as nanoseconds, so <c>{ duration * 2 &gt; 1s }</c> compares
/// nanoseconds. A nil or non-numeric operand makes the result nil, which matches no comparison.
/// </summary>
public sealed class ArithmeticValue(char op, ValueExpression left, ValueExpression? right) : ValueExpression
{
    public char Operator { get; } = op;

    public ValueExpression Left { get; } = left;

    public ValueExpression? Right { get; } = right;

    public override bool UsesTraceFields => Left.UsesTraceFields || Right?.UsesTraceFields == true;

    public override StaticValue Evaluate(in StoredSpan span, in TraceInfo trace)
    {
        var l = Left.Evaluate(span, trace);
        if (!l.IsNumeric)
        {
            return StaticValue.Nil;
        }

        if (Right is null)
        {
            return l.Kind switch
            {
                StaticKind.Int => StaticValue.OfInt(-l.Int),
                StaticKind.Duration => StaticValue.OfDuration(-l.Int),
                _ => StaticValue.OfFloat(-l.Float),
            };
        }

        var r = Right.Evaluate(span, trace);
        return r.IsNumeric ? StaticValue.OfFloat(Apply(Operator, l.AsDouble(), r.AsDouble())) : StaticValue.Nil;
    }

    public static double Apply(char op, double l, double r) => op switch
    {
        '+' => l + r,
        '-' => l - r,
        '*' => l * r,
        '/' => l / r,
        '%' => l % r,
        _ => Math.Pow(l, r),
    };
}
