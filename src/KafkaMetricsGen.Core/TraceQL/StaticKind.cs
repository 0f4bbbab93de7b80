namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>The type of a TraceQL value (Tempo's <c>StaticType</c>).</summary>
public enum StaticKind : byte
{
    Nil = 0,
    String = 1,
    Int = 2,
    Float = 3,
    Bool = 4,
    Duration = 5,
    Status = 6,
    Kind = 7,
}
