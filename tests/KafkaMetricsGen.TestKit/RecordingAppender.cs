using System.Globalization;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.TestKit;

/// <summary>
/// An <see cref="ISeriesAppender"/> that copies everything it is given, in order, keyed by Prometheus-style series text
/// <c>name{a="1",b="2"}</c> (labels sorted, <c>__name__</c> in front).
/// </summary>
public sealed class RecordingAppender : ISeriesAppender
{
    public List<RecordedSample> Samples { get; } = [];

    public List<RecordedHistogram> Histograms { get; } = [];

    public List<(string Series, ExemplarSample Exemplar)> Exemplars { get; } = [];

    public List<long> Commits { get; } = [];

    public void AppendSample(in LabelSet labels, long timestampMs, double value) => Samples.Add(new RecordedSample(Text(labels), timestampMs, value));

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram) =>
        Histograms.Add(new RecordedHistogram(Text(labels), histogram.TimestampMs, histogram.Schema, histogram.ZeroCount, histogram.Count, histogram.Sum, [.. histogram.PositiveSpans], [.. histogram.PositiveDeltas]));

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar) => Exemplars.Add((Text(seriesLabels), exemplar));

    public void Commit(long windowEndMs) => Commits.Add(windowEndMs);

    /// <summary>Samples of one series text, in order, as (timestamp, value).</summary>
    public List<(long Timestamp, double Value)> Of(string series) =>
        Samples.Where(s => s.Series == series).Select(s => (s.TimestampMs, s.Value)).ToList();

    /// <summary>The last value written for a series at a timestamp, or null.</summary>
    public double? At(string series, long timestampMs) =>
        Samples.LastOrDefault(s => s.Series == series && s.TimestampMs == timestampMs) is { Series: not null } s ? s.Value : null;

    public void Clear()
    {
        Samples.Clear();
        Histograms.Clear();
        Exemplars.Clear();
        Commits.Clear();
    }

    public static string Text(in LabelSet labels)
    {
        var name = string.Empty;
        var parts = new List<string>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels.Names[i] == RegistryLabels.MetricName)
            {
                name = labels.Values[i];
            }
            else
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{labels.Names[i]}=\"{labels.Values[i]}\""));
            }
        }

        return name + "{" + string.Join(",", parts) + "}";
    }
}

/// <summary>One float sample.</summary>
public readonly record struct RecordedSample(string Series, long TimestampMs, double Value);

/// <summary>A copy of one native histogram sample.</summary>
public sealed record RecordedHistogram(string Series, long TimestampMs, int Schema, ulong ZeroCount, ulong Count, double Sum, (int Offset, uint Length)[] Spans, long[] Deltas);
