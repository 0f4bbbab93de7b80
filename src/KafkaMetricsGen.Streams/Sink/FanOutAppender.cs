using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>Writes one collection into several appenders (a tenant with several remote-write endpoints).</summary>
public sealed class FanOutAppender(IReadOnlyList<ISeriesAppender> targets) : ISeriesAppender
{
    public void AppendSample(in LabelSet labels, long timestampMs, double value)
    {
        foreach (var t in targets)
        {
            t.AppendSample(labels, timestampMs, value);
        }
    }

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
    {
        foreach (var t in targets)
        {
            t.AppendHistogram(labels, histogram);
        }
    }

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
    {
        foreach (var t in targets)
        {
            t.AppendExemplar(seriesLabels, exemplar);
        }
    }

    public void Commit(long windowEndMs)
    {
        foreach (var t in targets)
        {
            t.Commit(windowEndMs);
        }
    }
}
