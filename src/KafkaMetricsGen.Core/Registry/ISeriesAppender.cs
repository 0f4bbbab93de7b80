namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// Where a tenant's registry writes one collection (one closed window, or one flush): every active series as a sample,
/// native histogram or exemplar, then <see cref="Commit"/>. The registry knows nothing of what is behind it (remote write,
/// Prometheus text output, a test recorder). Label sets passed in are complete — <c>__name__</c>, external labels and
/// the tenant label included — sorted by name, and borrowed only for the duration of the call.
/// </summary>
public interface ISeriesAppender
{
    void AppendSample(in LabelSet labels, long timestampMs, double value);

    void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram);

    void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar);

    /// <summary>Ends the collection of the window ending at <paramref name="windowEndMs"/>.</summary>
    void Commit(long windowEndMs);
}
