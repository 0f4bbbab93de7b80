namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Where an attribute is looked up: <c>span.x</c>, <c>resource.x</c>, <c>.x</c> (span first, then resource), or the
/// span's events (<c>event.x</c>), links (<c>link.x</c>) or instrumentation scope (<c>instrumentation.x</c>).
/// </summary>
public enum AttributeScope : byte
{
    None = 0,
    Span,
    Resource,
    Intrinsic,
    Event,
    Link,
    Instrumentation,
}
