using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// The compact span the local-blocks store keeps and TraceQL metrics read: only the fields queries need. Resource
/// attributes are shared by every span of the same resource.
/// </summary>
public readonly record struct StoredSpan(
    TraceId TraceId,
    SpanId SpanId,
    SpanId ParentSpanId,
    ulong StartUnixNano,
    ulong DurationNano,
    string Name,
    SpanKind Kind,
    StatusCode Status,
    string StatusMessage,
    StoredAttribute[] Resource,
    StoredAttribute[] Attributes)
{
    public bool IsRoot => ParentSpanId.IsEmpty;
}
