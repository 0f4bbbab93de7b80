namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A parsed query_range / query request (times in Unix nanoseconds). <see cref="Local"/> asks an instance for its own
/// first-stage series only (what a peer answers to the instance that merges).
/// </summary>
public sealed record MetricsQueryRequest(string Query, ulong StartUnixNano, ulong EndUnixNano, ulong StepNano, uint Exemplars, bool Instant, bool Local)
{
    /// <summary>The request's own series limit (<c>maxSeries</c>); 0 leaves the configured one.</summary>
    public int MaxSeries { get; init; }

    public QueryRange Range => new(StartUnixNano, EndUnixNano, StepNano);
}
