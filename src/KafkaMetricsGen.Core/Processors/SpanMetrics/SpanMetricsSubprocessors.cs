namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// Reads the per-tenant <c>processors</c> list: the bare <c>span-metrics</c> enables every kind and wins
/// over sub-names; otherwise each listed <c>span-metrics-count|latency|size</c> enables its kind.
/// </summary>
public static class SpanMetricsSubprocessors
{
    /// <summary>The enabled kinds; <see cref="SpanMetricsSubprocessor.None"/> means the processor is not wanted.</summary>
    public static SpanMetricsSubprocessor Parse(IEnumerable<string> processors)
    {
        var kinds = SpanMetricsSubprocessor.None;
        foreach (var name in processors)
        {
            switch (name)
            {
                case ProcessorNames.SpanMetrics:
                    return SpanMetricsSubprocessor.All;
                case ProcessorNames.SpanMetricsCount:
                    kinds |= SpanMetricsSubprocessor.Count;
                    break;
                case ProcessorNames.SpanMetricsLatency:
                    kinds |= SpanMetricsSubprocessor.Latency;
                    break;
                case ProcessorNames.SpanMetricsSize:
                    kinds |= SpanMetricsSubprocessor.Size;
                    break;
                default:
                    break;
            }
        }

        return kinds;
    }

    /// <summary>
    /// Tempo quirk: in sub-name mode with <c>span-metrics-latency</c> listed, the histogram buckets are reset to the
    /// defaults and any tenant bucket override is lost. True when the caller must apply that.
    /// </summary>
    public static bool ResetsHistogramBuckets(IEnumerable<string> processors)
    {
        var latency = false;
        foreach (var name in processors)
        {
            if (name == ProcessorNames.SpanMetrics)
            {
                return false;
            }

            latency |= name == ProcessorNames.SpanMetricsLatency;
        }

        return latency;
    }
}
