namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// The stable 64-bit identity of a series (metric name + processor labels), used to find it without allocating and to
/// partition deltas by series. Equal across processes and versions: FNV-1a of the name, mixed with
/// <see cref="LabelSet.Hash"/> through the murmur3 finalizer.
/// </summary>
public static class SeriesKey
{
    public static ulong MetricHash(string metric)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in metric)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    public static ulong Of(ulong metricHash, ulong labelsHash)
    {
        var h = metricHash ^ (labelsHash * 0x9E3779B97F4A7C15UL);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }

    public static ulong Of(string metric, ReadOnlySpan<string> names, ReadOnlySpan<string> values) =>
        Of(MetricHash(metric), LabelSet.ComputeHash(names, values));
}
