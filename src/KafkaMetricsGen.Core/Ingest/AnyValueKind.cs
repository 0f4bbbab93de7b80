namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Which member of the OTLP AnyValue oneof an attribute holds.</summary>
public enum AnyValueKind : byte
{
    Empty = 0,
    String = 1,
    Bool = 2,
    Int = 3,
    Double = 4,
    Array = 5,
    KeyValueList = 6,
    Bytes = 7,
}
