namespace KafkaMetricsGen.Core.TraceQL;

/// <summary><c>{ expr != nil }</c> (<see cref="Exists"/> true) or <c>{ expr = nil }</c> over an expression.</summary>
public sealed class ExistsFilter(ValueExpression value, bool exists) : SpanFilter
{
    public ValueExpression Value { get; } = value;

    public bool Exists { get; } = exists;

    public override bool UsesTraceFields => Value.UsesTraceFields;

    public override bool Matches(in StoredSpan span, in TraceInfo trace) => Value.Evaluate(span, trace).IsNil != Exists;
}
