namespace KafkaMetricsGen.Core.Registry;

/// <summary>Which histogram series a histogram writes (<c>generate_native_histograms</c>).</summary>
public enum HistogramMode
{
    /// <summary><c>_bucket{le}</c>, <c>_sum</c>, <c>_count</c>.</summary>
    Classic = 0,

    /// <summary>One native (exponential) histogram series.</summary>
    Native = 1,

    /// <summary>Classic and native series.</summary>
    Both = 2,
}
