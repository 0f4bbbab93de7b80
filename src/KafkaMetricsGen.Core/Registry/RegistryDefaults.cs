namespace KafkaMetricsGen.Core.Registry;

/// <summary>Defaults of <c>metrics_generator.registry</c> and the per-tenant registry overrides (Tempo's values),
/// plus the event-time window settings that Tempo does not have.</summary>
public static class RegistryDefaults
{
    /// <summary>Label names are cut to this many bytes.</summary>
    public const int MaxLabelNameLength = 1024;

    /// <summary>Label values are cut to this many bytes.</summary>
    public const int MaxLabelValueLength = 2048;

    /// <summary>Window length and collection period, seconds (<c>collection_interval: 15s</c>).</summary>
    public const int CollectionIntervalSeconds = 15;

    /// <summary>A series not updated (by event time) for this long is ended with a staleness marker, minutes.</summary>
    public const int StaleDurationMinutes = 15;

    /// <summary>Histogram kinds written: classic buckets only.</summary>
    public const string GenerateNativeHistograms = RegistrySchema.Classic;

    /// <summary>0 = no limit on active series per tenant.</summary>
    public const int MaxActiveSeries = 0;

    /// <summary>0 = no limit on active entities per tenant (with <c>limiter_type: entity</c>).</summary>
    public const int MaxActiveEntities = 0;

    /// <summary>Native histogram bucket growth factor (must be &gt; 1); 1.1 gives schema 3.</summary>
    public const double NativeHistogramBucketFactor = 1.1;

    /// <summary>Native histogram populated-bucket limit before resolution is reduced.</summary>
    public const int NativeHistogramMaxBucketNumber = 100;

    /// <summary>A native histogram over its bucket limit is reset instead of coarsened if its last reset is this old, minutes.</summary>
    public const int NativeHistogramMinResetDurationMinutes = 15;

    /// <summary>Native histogram zero bucket half-width (client_golang's default).</summary>
    public const double NativeHistogramZeroThreshold = 2.938735877055719e-39;

    /// <summary>Label name of exemplars' trace id.</summary>
    public const string TraceIdLabelName = "traceID";

    /// <summary>
    /// How long after its end a window waits for out-of-order observations before it closes, seconds. Within one trace
    /// partition spans arrive nearly in end-time order; 5 s absorbs producer batching and clock skew between services.
    /// </summary>
    public const int WindowGraceSeconds = 5;

    /// <summary>
    /// How far behind the watermark an observation may be and still go to its own (already closed) window, seconds.
    /// Older ones are folded into the oldest open window and counted as late.
    /// </summary>
    public const int AllowedLatenessSeconds = 60;

    /// <summary>Observations more than this far ahead of max(watermark, wall clock) are rejected, seconds (Tempo's ingestion slack is 30 s).</summary>
    public const int FutureSlackSeconds = 30;
}
