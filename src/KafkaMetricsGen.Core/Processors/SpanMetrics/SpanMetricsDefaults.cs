namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>Tempo's defaults for <c>metrics_generator.processor.span_metrics</c>.</summary>
public static class SpanMetricsDefaults
{
    /// <summary>First latency bucket upper bound, in seconds.</summary>
    public const double HistogramBucketStartSeconds = 0.002;

    /// <summary>Factor between consecutive latency buckets.</summary>
    public const double HistogramBucketFactor = 2;

    /// <summary>Number of latency buckets (+Inf comes on top).</summary>
    public const int HistogramBucketCount = 14;

    public const bool IntrinsicService = true;
    public const bool IntrinsicSpanName = true;
    public const bool IntrinsicSpanKind = true;
    public const bool IntrinsicStatusCode = true;
    public const bool IntrinsicStatusMessage = false;

    public const bool EnableTargetInfo = false;
    public const bool EnableInstanceLabel = true;
    public const bool EnableTraceStateSpanMultiplier = false;

    /// <summary>No attribute is read for the multiplier by default.</summary>
    public const string SpanMultiplierKey = "";

    /// <summary>Default bucket join of a dimension mapping.</summary>
    public const string MappingJoin = "";

    /// <summary>The default buckets: 0.002 s × 2ⁿ for n = 0…13, i.e. 0.002 … 16.384 seconds.</summary>
    public static double[] HistogramBuckets()
    {
        var buckets = new double[HistogramBucketCount];
        var bound = HistogramBucketStartSeconds;
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = bound;
            bound *= HistogramBucketFactor;
        }

        return buckets;
    }

    /// <summary>Whether an intrinsic dimension is on when the configuration does not mention it.</summary>
    public static bool IntrinsicEnabled(string name) => name switch
    {
        SpanMetricsLabelNames.Service => IntrinsicService,
        SpanMetricsLabelNames.SpanName => IntrinsicSpanName,
        SpanMetricsLabelNames.SpanKind => IntrinsicSpanKind,
        SpanMetricsLabelNames.StatusCode => IntrinsicStatusCode,
        SpanMetricsLabelNames.StatusMessage => IntrinsicStatusMessage,
        _ => false,
    };
}
