using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Applies an endpoint's <c>write_relabel_configs</c> before encoding: each series' labels are relabeled (the last
/// answer is reused while the same series is appended), dropped series never reach the encoder, and exemplars and
/// native histograms follow their series.
/// </summary>
public sealed class RelabelingAppender : ISeriesAppender
{
    private readonly IReadOnlyList<RelabelConfig> _rules;
    private readonly ISeriesAppender _inner;
    private LabelSet _lastInput;
    private LabelSet? _lastOutput;
    private bool _hasLast;

    public RelabelingAppender(IReadOnlyList<RelabelConfig> rules, ISeriesAppender inner)
    {
        _rules = rules;
        _inner = inner;
    }

    public void AppendSample(in LabelSet labels, long timestampMs, double value)
    {
        if (Relabel(labels) is { } relabeled)
        {
            _inner.AppendSample(relabeled, timestampMs, value);
        }
    }

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
    {
        if (Relabel(labels) is { } relabeled)
        {
            _inner.AppendHistogram(relabeled, histogram);
        }
    }

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
    {
        if (Relabel(seriesLabels) is { } relabeled)
        {
            _inner.AppendExemplar(relabeled, exemplar);
        }
    }

    public void Commit(long windowEndMs)
    {
        _hasLast = false;
        _inner.Commit(windowEndMs);
    }

    private LabelSet? Relabel(in LabelSet labels)
    {
        if (_hasLast && labels.Hash == _lastInput.Hash && labels.SameAs(_lastInput.Names, _lastInput.Values))
        {
            return _lastOutput;
        }

        _lastInput = new LabelSet(labels.Names.ToArray(), labels.Values.ToArray(), labels.Count, labels.Hash);
        _lastOutput = Relabeler.Process(labels, _rules);
        _hasLast = true;
        return _lastOutput;
    }
}
