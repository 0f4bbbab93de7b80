namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// The pending edges of one tenant and processor, with Tempo's semantics: upsert by key, FIFO expiry
/// by expiration time, a capacity of <c>max_items</c>, and a cache of sides the filter dropped. <see cref="InMemoryEdgeStore"/>
/// is the reference; a Kafka Streams task backs the same contract with a persistent store (edges via <see cref="EdgeCodec"/>).
/// Not thread-safe: the processor serialises calls.
/// </summary>
public interface IEdgeStore
{
    /// <summary>Pending edges.</summary>
    int Count { get; }

    /// <summary>Entries of the dropped-side cache.</summary>
    int DroppedSideCount { get; }

    /// <summary>
    /// Applies a span to the edge of <paramref name="key"/>. An existing edge is updated and, once complete, completed
    /// and removed. Otherwise, unless the opposite side was dropped, a new edge expiring after <c>wait</c> is updated:
    /// completed at once if complete, else stored if there is room.
    /// </summary>
    EdgeUpsertResult Upsert(in EdgeKey key, EdgeSide side, IEdgeUpdate update);

    /// <summary>
    /// Remembers for <c>wait</c> that <paramref name="side"/> of <paramref name="key"/> was filtered out, and deletes a
    /// pending incomplete edge that holds the other side. A repeat refreshes the lifetime.
    /// </summary>
    DroppedSideResult AddDroppedSide(in EdgeKey key, EdgeSide side);

    bool HasDroppedSide(in EdgeKey key, EdgeSide side);

    /// <summary>Hands every expired edge, oldest first, to <paramref name="handler"/> and removes it; purges expired dropped sides.</summary>
    void Expire(IEdgeExpiryHandler handler);
}
