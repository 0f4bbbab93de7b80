namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>The spans one tenant's queries read, as immutable chunks; a chunk may hold spans outside the range asked.</summary>
public interface IQuerySpanSource
{
    /// <summary>Chunks that may hold spans starting within [fromUnixNano, toUnixNano].</summary>
    IReadOnlyList<ReadOnlyMemory<StoredSpan>> Chunks(ulong fromUnixNano, ulong toUnixNano);
}
