namespace KafkaMetricsGen.Core.TraceQL;

/// <summary><c>!(...)</c>.</summary>
public sealed class NotFilter(SpanFilter inner) : SpanFilter
{
    public SpanFilter Inner { get; } = inner;

    public override bool UsesTraceFields => Inner.UsesTraceFields;

    public override bool Matches(in StoredSpan span, in TraceInfo trace) => !Inner.Matches(span, trace);
}
