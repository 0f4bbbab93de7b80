namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// Which of the tenant's series partitions an accumulator holds. Series are spread over the partitions by series key, so
/// a tenant-wide limit holds when each partition keeps to its share: partition <c>i</c> of <c>P</c> gets
/// <c>limit / P</c>, and the first <c>limit % P</c> partitions one more, so the shares add up to the limit exactly.
/// </summary>
public readonly record struct SeriesPartition
{
    public SeriesPartition(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>The one partition of a tenant that is not split (offline runs, tests).</summary>
    public static SeriesPartition Whole { get; } = new(0, 1);

    public int Index { get; }

    public int Count { get; }

    /// <summary>This partition's share of a tenant-wide limit of at least 1 (0, unlimited, is handled by the caller).</summary>
    public long ShareOf(int limit)
    {
        var share = limit / Count;
        return Index < limit % Count ? share + 1 : share;
    }
}
