namespace KafkaMetricsGen.Core.Registry;

/// <summary>Native histogram bucket limiting.</summary>
public sealed partial class SeriesAccumulator
{
    /// <summary>
    /// client_golang's bucket limit: over <c>native_histogram_max_bucket_number</c> populated buckets, reset the
    /// histogram if its last reset is at least <c>native_histogram_min_reset_duration</c> old, otherwise halve the
    /// resolution until it fits.
    /// </summary>
    private void LimitNativeBuckets(AccumulatedSeries s, long windowEnd)
    {
        var max = _options.NativeHistogramMaxBucketNumber;
        var native = s.Native!;
        if (max == 0 || native.PopulatedCount <= max)
        {
            return;
        }

        var minReset = (long)_options.NativeHistogramMinResetDuration.TotalMilliseconds;
        if (minReset > 0 && windowEnd - s.NativeLastResetMs >= minReset)
        {
            native.Reset(_nativeSchema);
            s.NativeZeroCount = 0;
            s.NativeCount = 0;
            s.NativeSum = 0;
            s.NativeLastResetMs = windowEnd;
            return;
        }

        while (native.PopulatedCount > max && native.Schema > NativeBuckets.MinSchema)
        {
            native.ReduceTo(native.Schema - 1);
        }
    }
}
