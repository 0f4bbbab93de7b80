namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>A parsed query: a spanset filter and, for a metrics query, its pipeline.</summary>
public sealed record TraceQLQuery(SpanFilter Filter, MetricsPipeline? Metrics);
