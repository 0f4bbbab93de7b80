namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>A literal, or a constant subexpression folded when the query was compiled.</summary>
public sealed class ConstantValue(StaticValue value) : ValueExpression
{
    public StaticValue Value { get; } = value;

    public override bool UsesTraceFields => false;

    public override StaticValue Evaluate(in StoredSpan span, in TraceInfo trace) => Value;
}
