namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>A filter used as a value (<c>{ (.a = 1) = true }</c>): true or false.</summary>
public sealed class BooleanValue(SpanFilter filter) : ValueExpression
{
    public SpanFilter Filter { get; } = filter;

    public override bool UsesTraceFields => Filter.UsesTraceFields;

    public override StaticValue Evaluate(in StoredSpan span, in TraceInfo trace) => StaticValue.OfBool(Filter.Matches(span, trace));
}
