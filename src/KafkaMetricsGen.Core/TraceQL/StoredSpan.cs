using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// The compact span the local-blocks store keeps and TraceQL metrics read: only the fields queries need. Resource
/// attributes and the instrumentation scope are shared by every span of the same resource or scope. A span without a
/// scope, events or links may leave those null (<see cref="ScopeOrEmpty"/>, <see cref="EventsOrEmpty"/> and
/// <see cref="LinksOrEmpty"/> read them).
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
    StoredAttribute[] Attributes,
    StoredScope? Scope = null,
    StoredEvent[]? Events = null,
    StoredLink[]? Links = null)
{
    public bool IsRoot => ParentSpanId.IsEmpty;

    public StoredScope ScopeOrEmpty => Scope ?? StoredScope.Empty;

    public ReadOnlySpan<StoredEvent> EventsOrEmpty => Events;

    public ReadOnlySpan<StoredLink> LinksOrEmpty => Links;
}
