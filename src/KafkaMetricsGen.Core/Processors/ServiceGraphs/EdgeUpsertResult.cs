namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>What <see cref="IEdgeStore.Upsert"/> did with a span.</summary>
public enum EdgeUpsertResult
{
    /// <summary>A pending edge was updated and is still waiting for its other side.</summary>
    Updated,

    /// <summary>A pending edge was completed, emitted and removed.</summary>
    Completed,

    /// <summary>A new edge was created and stored (counts as a new edge).</summary>
    Created,

    /// <summary>A new edge was complete at once (a database call), emitted and never stored (counts as a new edge).</summary>
    CreatedComplete,

    /// <summary>The opposite side of this key was filtered out recently; the span is ignored.</summary>
    DroppedSide,

    /// <summary>The store holds <c>max_items</c> edges; the span is dropped.</summary>
    TooManyItems,
}
