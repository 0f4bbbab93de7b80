using System.Numerics;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>Tempo's power-of-two histogram helpers used by histogram_over_time and quantile_over_time.</summary>
public static class Log2Histogram
{
    /// <summary>The power of two at or above <paramref name="value"/>; -1 for values under 2 (ignored).</summary>
    public static double Bucketize(ulong value)
    {
        if (value < 2)
        {
            return -1;
        }

        var bits = 64 - BitOperations.LeadingZeroCount(value - 1);
        return bits >= 64 ? Math.Pow(2, 64) : (double)(1UL << bits);
    }

    /// <summary>
    /// The quantile <paramref name="p"/> over buckets sorted by upper bound. It takes ceil(p·total) samples (at least one)
    /// and, inside the bucket where they run out, interpolates exponentially between the previous bound and this one
    /// (the first bucket's lower bound is half its upper bound).
    /// </summary>
    public static double Quantile(double p, ReadOnlySpan<(double Max, double Count)> buckets)
    {
        if (double.IsNaN(p) || p < 0 || p > 1 || buckets.Length == 0)
        {
            return 0;
        }

        double totalCount = 0;
        foreach (var b in buckets)
        {
            totalCount += b.Count;
        }

        if (totalCount == 0)
        {
            return 0;
        }

        var maxSamples = Math.Ceiling(p * totalCount);
        if (maxSamples == 0)
        {
            maxSamples = 1;
        }

        double total = 0;
        var bucket = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            bucket = i;
            if (total + buckets[i].Count > maxSamples)
            {
                break;
            }

            total += buckets[i].Count;
            if (total == maxSamples)
            {
                return buckets[i].Max;
            }
        }

        var interp = (maxSamples - total) / buckets[bucket].Count;
        var max = Math.Log2(buckets[bucket].Max);
        var min = bucket > 0 ? Math.Log2(buckets[bucket - 1].Max) : max - 1;
        return Math.Pow(2, min + (max - min) * interp);
    }
}
