using KafkaMetricsGen.Core.TraceQL.Spansets;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A compiled query: a spanset filter and, for a metrics query, its pipeline. A query of one <c>{ ... }</c> has only
/// <see cref="Filter"/>, which the engine applies span by span; anything more (structural or spanset operators, scalar
/// filters, by()/coalesce() in a pipeline) has <see cref="Spansets"/>, which the engine runs trace by trace.
/// </summary>
public sealed record TraceQLQuery(SpanFilter Filter, MetricsPipeline? Metrics)
{
    /// <summary><c>with(exemplars=N)</c>: the exemplars the query asks for (capped by max_exemplars); null when not given.</summary>
    public uint? ExemplarsHint { get; init; }

    /// <summary>The spanset pipeline evaluated per trace; null when <see cref="Filter"/> alone decides.</summary>
    public SpansetStage? Spansets { get; init; }

    /// <summary>Arithmetic between metrics queries; then <see cref="Metrics"/> is null and each leaf is a query.</summary>
    public MetricsMath? Math { get; init; }

    /// <summary>A metrics query: one pipeline or arithmetic between several.</summary>
    public bool IsMetrics => Metrics is not null || Math is not null;

    /// <summary>The spanset part reads a trace-level intrinsic, so the engine resolves roots first.</summary>
    public bool UsesTraceFields => Filter.UsesTraceFields || Spansets?.UsesTraceFields == true;
}
