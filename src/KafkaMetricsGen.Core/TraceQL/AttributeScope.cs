namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Where an attribute is looked up: <c>span.x</c>, <c>resource.x</c>, or <c>.x</c> (span first, then resource).</summary>
public enum AttributeScope : byte
{
    None = 0,
    Span,
    Resource,
    Intrinsic,
}
