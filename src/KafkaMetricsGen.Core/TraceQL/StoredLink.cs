using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>One link of a stored span (<c>link:traceID</c>, <c>link:spanID</c>, <c>link.x</c>).</summary>
public readonly record struct StoredLink(TraceId TraceId, SpanId SpanId, StoredAttribute[] Attributes);
