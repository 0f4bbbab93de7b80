namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>What an <see cref="AggregateEngine"/> holds of its tenants, and so who writes their overflow series.</summary>
internal enum AggregateRole
{
    /// <summary>Every series (offline runs, benchmarks): it writes the overflow series itself.</summary>
    Whole,

    /// <summary>One series partition of the worker: refused data goes to the overflow writer.</summary>
    SeriesPartition,

    /// <summary>The worker's one writer of each tenant's overflow series.</summary>
    OverflowWriter,
}
