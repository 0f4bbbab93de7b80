namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>What <see cref="IEdgeStore.AddDroppedSide"/> did.</summary>
[Flags]
public enum DroppedSideResult
{
    /// <summary>The side is recorded (new entry, or an existing one whose lifetime was refreshed).</summary>
    Recorded = 0,

    /// <summary>The cache is full (<c>max_items</c>); the side was not recorded.</summary>
    Overflow = 1,

    /// <summary>A pending edge holding the opposite side was deleted: it can never complete.</summary>
    CounterpartDeleted = 2,
}
