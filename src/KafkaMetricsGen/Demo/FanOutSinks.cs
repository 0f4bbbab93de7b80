using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;

namespace KafkaMetricsGen.Demo;

/// <summary>Writes every window to two sinks: the demo's output (local, or remote write and local) and the page's history.</summary>
public sealed class FanOutSinks(ITenantSinks first, ITenantSinks second) : ITenantSinks
{
    public ISeriesAppender For(string tenant) => new Both(first.For(tenant), second.For(tenant));

    private sealed class Both(ISeriesAppender a, ISeriesAppender b) : ISeriesAppender
    {
        public void AppendSample(in LabelSet labels, long timestampMs, double value)
        {
            a.AppendSample(labels, timestampMs, value);
            b.AppendSample(labels, timestampMs, value);
        }

        public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
        {
            a.AppendHistogram(labels, histogram);
            b.AppendHistogram(labels, histogram);
        }

        public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
        {
            a.AppendExemplar(seriesLabels, exemplar);
            b.AppendExemplar(seriesLabels, exemplar);
        }

        public void Commit(long windowEndMs)
        {
            a.Commit(windowEndMs);
            b.Commit(windowEndMs);
        }
    }
}
