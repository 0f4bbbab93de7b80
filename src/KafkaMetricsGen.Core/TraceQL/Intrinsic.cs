namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>The intrinsic fields a query can read.</summary>
public enum Intrinsic : byte
{
    None = 0,
    Name,
    Status,
    Kind,
    Duration,
    StatusMessage,
    TraceRootService,
    TraceRootName,
    TraceDuration,
    SpanId,
    TraceId,
    ParentId,
    NestedSetParent,
    NestedSetLeft,
    NestedSetRight,
    ChildCount,
    EventName,
    EventTimeSinceStart,
    LinkTraceId,
    LinkSpanId,
    InstrumentationName,
    InstrumentationVersion,
}
