using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>
/// Hands a decoded batch of a trace-partitioned input from the decode node to the generate node of the same task by
/// reference, so the spans are decoded once and never written to or parsed from a frame. The decode node offers its
/// batch and forwards a marker record (<see cref="Key"/>, compared by reference, with an empty value); Streamiz runs the
/// forward synchronously on the stream thread through the stateless branch and merge nodes into the generate node, which
/// takes the batch from the slot while the decode node still holds it. The slot is per stream thread and is empty
/// outside that call, so a marker can only ever see the batch its own task offered.
/// </summary>
public static class DirectBatchHandOff
{
    [ThreadStatic]
    private static SpanBatch? t_batch;

    /// <summary>
    /// The key of the marker record. Only this array is a marker: an input record with the same bytes as its key (a
    /// dead-letter copy, say) is not one, as it is a different array.
    /// </summary>
    public static readonly byte[] Key = [0xA1];

    /// <summary>The value of the marker record.</summary>
    public static readonly byte[] Value = [];

    /// <summary>True for the marker record's key.</summary>
    public static bool IsMarker(byte[]? key) => ReferenceEquals(key, Key);

    /// <summary>Puts <paramref name="batch"/> in the calling thread's slot until <see cref="Withdraw"/> or <see cref="Take"/>.</summary>
    public static void Offer(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        t_batch = batch;
    }

    /// <summary>The offered batch, which the slot no longer holds; null when none was offered on this thread.</summary>
    public static SpanBatch? Take()
    {
        var batch = t_batch;
        t_batch = null;
        return batch;
    }

    /// <summary>Empties the slot (after the forward, whether or not a generate node took the batch).</summary>
    public static void Withdraw() => t_batch = null;
}
