namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A query's answer: series over the aligned range (final, or first-stage when the request was local), the spans
/// inspected, and a message when some peer did not answer (the response is then PARTIAL).
/// </summary>
public sealed record MetricsQueryResult(QueryRange Range, IReadOnlyList<MetricsSeries> Series, long InspectedSpans, string? PartialMessage);
