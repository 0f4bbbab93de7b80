namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// Where one stage's tasks sit among every task that sends deltas to the aggregate stage: task <c>p</c> reports its
/// watermark as upstream <c>Offset + p</c> of <see cref="Count"/>. Deltas come from the decode tasks of each input that is
/// not trace-partitioned and from the generate tasks; the aggregate stage closes a window only once every one of them
/// has passed it.
/// </summary>
public sealed record UpstreamSlot(int Offset, int Count)
{
    /// <summary>The upstream number of the task of <paramref name="partition"/>.</summary>
    public int Id(int partition) => Offset + partition;
}
