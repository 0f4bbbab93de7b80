namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// What one span does to its edge. Passed to <see cref="IEdgeStore.Upsert"/> as a struct type argument, so the store
/// calls it without a closure or boxing per span.
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
