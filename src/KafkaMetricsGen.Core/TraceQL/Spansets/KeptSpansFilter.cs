namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// The spans a spanset pipeline kept (<see cref="SpansetEvaluator"/>), by their position in the chunks it read (chunk
/// after chunk, span after span): the engine reads the same chunks in the same order and asks by position, which
/// costs one array read per span instead of a hash lookup.
/// </summary>
public sealed class KeptSpansFilter(bool[] kept, int count) : SpanFilter
{
    public int Count => count;

    public override bool UsesTraceFields => false;

    public override bool MatchesAt(int position, in StoredSpan span, in TraceInfo trace) => kept[position];

    /// <summary>A kept span is known only by its position; use <see cref="MatchesAt"/>.</summary>
    public override bool Matches(in StoredSpan span, in TraceInfo trace) =>
        throw new InvalidOperationException("the spans a spanset pipeline kept are known by position: call MatchesAt");
}
