namespace KafkaMetricsGen.Core.TraceQL;

/// <summary><c>a &amp;&amp; b</c> or <c>a || b</c>, short-circuit.</summary>
public sealed class LogicalFilter(SpanFilter left, SpanFilter right, bool isAnd) : SpanFilter
{
    public SpanFilter Left { get; } = left;

    public SpanFilter Right { get; } = right;

    public bool IsAnd { get; } = isAnd;

    public override bool UsesTraceFields => Left.UsesTraceFields || Right.UsesTraceFields;

    public override bool Matches(in StoredSpan span, in TraceInfo trace) => IsAnd
        ? Left.Matches(span, trace) && Right.Matches(span, trace)
        : Left.Matches(span, trace) || Right.Matches(span, trace);
}
