namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Tempo's exemplar bucket set (<c>limitedBucketSet</c>): the aligned range is cut into <c>limit / 2</c> equal time buckets
/// (at least one) that take at most <see cref="TraceQLMetricsDefaults.ExemplarsPerBucket"/> exemplars each, and at most
/// <c>limit</c> in all, so exemplars spread over the range instead of piling up where spans were read first.
/// Instant queries take none.
/// </summary>
public sealed class ExemplarBuckets
{
    private readonly int[] _counts;
    private readonly long _startMs;
    private readonly long _endMs;
    private readonly long _widthMs;
    private readonly int _limit;
    private int _total;

    public ExemplarBuckets(uint limit, QueryRange alignedRange)
    {
        _limit = alignedRange.IsInstant ? 0 : (int)Math.Min(limit, int.MaxValue);
        var buckets = Math.Max(1, _limit / TraceQLMetricsDefaults.ExemplarsPerBucket);
        _counts = new int[buckets];
        _startMs = (long)(alignedRange.StartUnixNano / 1_000_000);
        _endMs = (long)(alignedRange.EndUnixNano / 1_000_000);
        _widthMs = Math.Max(1, (_endMs - _startMs) / buckets);
    }

    public bool IsFull => _total >= _limit;

    public int Count => _total;

    /// <summary>Counts an exemplar at <paramref name="timestampMs"/> if the range, the total and its bucket allow it.</summary>
    public bool TryAdd(long timestampMs)
    {
        if (IsFull)
        {
            return false;
        }

        var i = BucketOf(timestampMs);
        if (i < 0 || _counts[i] >= TraceQLMetricsDefaults.ExemplarsPerBucket)
        {
            return false;
        }

        _counts[i]++;
        _total++;
        return true;
    }

    /// <summary>The time bucket of <paramref name="timestampMs"/>, or -1 outside the range.</summary>
    public int BucketOf(long timestampMs)
    {
        if (timestampMs < _startMs || timestampMs > _endMs)
        {
            return -1;
        }

        return _startMs == _endMs ? 0 : (int)Math.Min((timestampMs - _startMs) / _widthMs, _counts.Length - 1);
    }
}
