namespace KafkaMetricsGen.Core.TraceQL;

/// <summary><c>{}</c>: every span.</summary>
public sealed class MatchAllFilter : SpanFilter
{
    public static readonly MatchAllFilter Instance = new();

    public override bool UsesTraceFields => false;

    public override bool Matches(in StoredSpan span, in TraceInfo trace) => true;
}
