namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>An attribute or intrinsic as a value expression.</summary>
public sealed class FieldValue(FieldRef field) : ValueExpression
{
    public FieldRef Field { get; } = field;

    public override bool UsesTraceFields => Field.IsTraceLevel;

    public override StaticValue Evaluate(in StoredSpan span, in TraceInfo trace) => FieldReader.Read(Field, span, trace);
}
