namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// One span link: the linked span's ids (empty when the link carried an id of the wrong length, which is not worth
/// dropping the span for) and its attributes <c>Attributes[AttributeStart..+AttributeCount]</c> of the owning
/// <see cref="SpanBatch"/>.
/// </summary>
public readonly record struct LinkRef(TraceId TraceId, SpanId SpanId, int AttributeStart, int AttributeCount);
