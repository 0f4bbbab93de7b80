namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// One ScopeSpans' instrumentation scope: name and version are ranges into the batch buffer (empty when the scope is
/// absent) and its attributes are <c>Attributes[AttributeStart..+AttributeCount]</c> of the owning <see cref="SpanBatch"/>.
/// </summary>
public readonly record struct ScopeRef(ByteRange Name, ByteRange Version, int AttributeStart, int AttributeCount);
