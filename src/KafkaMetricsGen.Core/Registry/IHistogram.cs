using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>A latency histogram family.</summary>
public interface IHistogram
{
    /// <summary>
    /// Observes <paramref name="value"/> with weight <paramref name="multiplier"/> (count and buckets grow by it, sum by
    /// value × multiplier). <paramref name="traceId"/> becomes the bucket's exemplar unless it is empty.
    /// </summary>
    void Observe(in LabelSet labels, double value, double multiplier, TraceId traceId, ulong eventTimeUnixNano);
}
