namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// One OTLP KeyValue as ranges into the batch buffer. <see cref="Value"/> holds the UTF-8 bytes of a string,
/// the raw bytes of a bytes value, or the encoded ArrayValue / KeyValueList message for those kinds
/// (stringified on demand by <see cref="AttributeText"/>). Bool is <see cref="Int"/> 0 or 1.
/// </summary>
public readonly record struct AttributeRef(ByteRange Key, AnyValueKind Kind, ByteRange Value, long Int, double Double)
{
    public bool Bool => Int != 0;
}
