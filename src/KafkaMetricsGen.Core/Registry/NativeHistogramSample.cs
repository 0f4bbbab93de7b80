namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// A native (exponential) histogram sample as remote write carries it: integer counts, positive buckets as spans of
/// consecutive indexes with delta-encoded counts. Negative buckets never occur (durations are ≥ 0).
/// </summary>
public sealed class NativeHistogramSample
{
    public long TimestampMs { get; set; }

    public int Schema { get; set; }

    public double ZeroThreshold { get; set; }

    public ulong ZeroCount { get; set; }

    public ulong Count { get; set; }

    public double Sum { get; set; }

    /// <summary>Spans of consecutive bucket indexes: the first offset is the first index, later ones the gap from the previous span.</summary>
    public List<(int Offset, uint Length)> PositiveSpans { get; } = [];

    /// <summary>Bucket counts in index order, each as the difference from the previous bucket's count.</summary>
    public List<long> PositiveDeltas { get; } = [];

    /// <summary>0 unknown, 1 yes, 2 no, 3 gauge (remote write ResetHint).</summary>
    public int ResetHint { get; set; }
}
