namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>A compiled node of a spanset filter <c>{ ... }</c>.</summary>
public abstract class SpanFilter
{
    public abstract bool Matches(in StoredSpan span, in TraceInfo trace);

    /// <summary>
    /// <see cref="Matches"/> for the span at <paramref name="position"/> of the chunks being read (chunk after chunk, span
    /// after span), for filters that know their spans by position.
    /// </summary>
    public virtual bool MatchesAt(int position, in StoredSpan span, in TraceInfo trace) => Matches(span, trace);

    /// <summary>Whether any node reads a trace-level intrinsic (the engine then resolves roots first).</summary>
    public abstract bool UsesTraceFields { get; }
}
