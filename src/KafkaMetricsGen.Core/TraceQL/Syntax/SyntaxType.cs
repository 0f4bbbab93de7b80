namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>The implied type of a field expression, as TraceQL validates operands.</summary>
public enum SyntaxType : byte
{
    Attribute,
    Nil,
    Boolean,
    Int,
    Float,
    Duration,
    String,
    Status,
    Kind,
}
