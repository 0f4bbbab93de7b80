namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>A compiled node of a spanset filter <c>{ ... }</c>.</summary>
public abstract class SpanFilter
{
    public abstract bool Matches(in StoredSpan span, in TraceInfo trace);

    /// <summary>Whether any node reads a trace-level intrinsic (the engine then resolves roots first).</summary>
    public abstract bool UsesTraceFields { get; }
}
