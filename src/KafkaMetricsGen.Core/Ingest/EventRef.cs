namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// One span event: its name is a range into the batch buffer, its time Unix nanoseconds, and its attributes
/// <c>Attributes[AttributeStart..+AttributeCount]</c> of the owning <see cref="SpanBatch"/>.
/// </summary>
public readonly record struct EventRef(ByteRange Name, ulong TimeUnixNano, int AttributeStart, int AttributeCount);
