namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// What one span does to its edge. The processor passes the same instance to <see cref="IEdgeStore.Upsert"/> for every
/// span, set to the span first, so the store calls it without a closure or an allocation per span. Not a generic type
/// argument: a generic method called through an interface is dispatched by a runtime lookup per call, twice per span
/// through the Streams stores (1.6 % of the stream thread in the benchmark, docs/benchmarks.md).
/// </summary>
public interface IEdgeUpdate
{
    /// <summary>Writes the span's side into the edge.</summary>
    void Apply(Edge edge);

    /// <summary>Called once when the edge is complete, before the store forgets it; emits its metrics.</summary>
    void Complete(Edge edge);

    /// <summary>
    /// The time of the push, when the caller read it once for a whole batch (a clock read per waiting edge cost about
    /// 2 % of the stream thread); null: the store reads its own clock.
    /// </summary>
    DateTimeOffset? Now => null;
}
