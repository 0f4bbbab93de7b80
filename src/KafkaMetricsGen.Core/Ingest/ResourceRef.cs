namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// One ResourceSpans of a batch: its attributes are <c>Attributes[AttributeStart..+AttributeCount]</c> and its spans
/// <c>Spans[SpanStart..+SpanCount]</c> of the owning <see cref="SpanBatch"/>. <see cref="EncodedSize"/> is the encoded size
/// of the ResourceSpans message (Tempo's bytes_received).
/// </summary>
public readonly record struct ResourceRef(int AttributeStart, int AttributeCount, int SpanStart, int SpanCount, int EncodedSize);
