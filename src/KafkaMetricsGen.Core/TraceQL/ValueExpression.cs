namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A compiled field expression that yields a value for one span: an attribute or intrinsic, a literal, or arithmetic
/// over them (<c>.a + 1</c>). A missing attribute is nil and nil propagates through arithmetic.
/// </summary>
public abstract class ValueExpression
{
    public abstract StaticValue Evaluate(in StoredSpan span, in TraceInfo trace);

    /// <summary>Whether any node reads a trace-level intrinsic (the engine then resolves roots first).</summary>
    public abstract bool UsesTraceFields { get; }
}
