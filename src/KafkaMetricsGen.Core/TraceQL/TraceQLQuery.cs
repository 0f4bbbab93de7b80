namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>A parsed query: a spanset filter and, for a metrics query, its pipeline.</summary>
public sealed record TraceQLQuery(SpanFilter Filter, MetricsPipeline? Metrics)
{
    /// <summary><c>with(exemplars=N)</c>: the exemplars the query asks for (capped by max_exemplars); null when not given.</summary>
    public uint? ExemplarsHint { get; init; }
}
