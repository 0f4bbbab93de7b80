using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Wire.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// The slow reference for <see cref="WriteRequestEncoder"/>: the same appends built as Google.Protobuf-generated
/// <c>TimeSeries</c> (consecutive appends for equal labels share one series), for parity tests.
/// </summary>
internal sealed class GeneratedWriteRequestAppender : ISeriesAppender
{
    private string? _openKey;

    public List<TimeSeries> Series { get; } = [];

    public void AppendSample(in LabelSet labels, long timestampMs, double value) =>
        Open(labels).Samples.Add(new Sample { Value = value, Timestamp = timestampMs });

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
    {
        var h = new Histogram
        {
            CountInt = histogram.Count,
            Sum = histogram.Sum,
            Schema = histogram.Schema,
            ZeroThreshold = histogram.ZeroThreshold,
            ZeroCountInt = histogram.ZeroCount,
            ResetHint = (Histogram.Types.ResetHint)histogram.ResetHint,
            Timestamp = histogram.TimestampMs,
        };
        foreach (var (offset, length) in histogram.PositiveSpans)
        {
            h.PositiveSpans.Add(new BucketSpan { Offset = offset, Length = length });
        }

        h.PositiveDeltas.AddRange(histogram.PositiveDeltas);
        Open(labels).Histograms.Add(h);
    }

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
    {
        var e = new Exemplar { Value = exemplar.Value, Timestamp = exemplar.TimestampMs };
        e.Labels.Add(new Label { Name = exemplar.LabelName, Value = exemplar.LabelValue });
        Open(seriesLabels).Exemplars.Add(e);
    }

    public void Commit(long windowEndMs) => _openKey = null;

    private TimeSeries Open(in LabelSet labels)
    {
        var key = string.Join('\0', labels.Names.ToArray()) + '\u0001' + string.Join('\0', labels.Values.ToArray());
        if (key == _openKey)
        {
            return Series[^1];
        }

        var series = new TimeSeries();
        for (var i = 0; i < labels.Count; i++)
        {
            series.Labels.Add(new Label { Name = labels.Names[i], Value = labels.Values[i] });
        }

        Series.Add(series);
        _openKey = key;
        return series;
    }
}
