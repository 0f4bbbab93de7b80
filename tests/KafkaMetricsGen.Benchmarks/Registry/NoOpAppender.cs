using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Benchmarks.Registry;

/// <summary>Counts what it is given and keeps nothing, so a benchmark measures the registry alone.</summary>
public sealed class NoOpAppender : ISeriesAppender
{
    public long Appended { get; private set; }

    public void AppendSample(in LabelSet labels, long timestampMs, double value) => Appended++;

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram) => Appended++;

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar) => Appended++;

    public void Commit(long windowEndMs)
    {
    }
}
