using System.Globalization;
using System.Text;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.Exposition;

/// <summary>
/// Collects series for the offline <c>process</c> command and writes them in the Prometheus text format: one
/// <c># TYPE</c> line per family, families and series sorted, labels sorted, optional millisecond timestamps, the last
/// value of each series (final values). A series whose last value is a staleness marker has ended and is omitted.
/// Types are inferred, as no metadata reaches an appender: a native histogram, or a <c>_bucket</c> series with
/// <c>le</c> (and its <c>_sum</c>/<c>_count</c>), is a histogram; a <c>_total</c> name a counter; the rest gauges.
/// Native histograms are printed with <see cref="NativeHistogramText"/>; exemplars are not printed.
/// </summary>
public sealed class PrometheusTextAppender : ISeriesAppender
{
    private readonly bool _includeTimestamps;
    private readonly Dictionary<string, TextSeries> _series = new(StringComparer.Ordinal);

    public PrometheusTextAppender(bool includeTimestamps) => _includeTimestamps = includeTimestamps;

    public int SeriesCount => _series.Count;

    public void AppendSample(in LabelSet labels, long timestampMs, double value)
    {
        var series = Find(labels);
        series.Value = value;
        series.TimestampMs = timestampMs;
        series.Histogram = null;
    }

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var series = Find(labels);
        series.Histogram = NativeHistogramText.Format(histogram);
        series.Value = 0;
        series.TimestampMs = histogram.TimestampMs;
    }

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
    {
    }

    public void Commit(long windowEndMs)
    {
    }

    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var histogramFamilies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in _series.Values)
        {
            if (series.Histogram is not null)
            {
                histogramFamilies.Add(series.Name);
            }
            else if (series.BucketBound is not null)
            {
                histogramFamilies.Add(series.Name[..^ExpositionNames.BucketSuffix.Length]);
            }
        }

        var rows = new List<(string Family, string Type, TextSeries Series)>(_series.Count);
        foreach (var series in _series.Values)
        {
            if (series.Histogram is null && StaleMarker.Is(series.Value))
            {
                continue;
            }

            var family = HistogramFamily(series, histogramFamilies);
            var type = family is not null ? ExpositionNames.TypeHistogram
                : series.Name.EndsWith(ExpositionNames.CounterSuffix, StringComparison.Ordinal) ? ExpositionNames.TypeCounter
                : ExpositionNames.TypeGauge;
            rows.Add((family ?? series.Name, type, series));
        }

        rows.Sort(static (a, b) => Compare(a.Family, a.Series, b.Family, b.Series));
        string? current = null;
        foreach (var (family, type, series) in rows)
        {
            if (!string.Equals(family, current, StringComparison.Ordinal))
            {
                output.Write("# TYPE ");
                output.Write(family);
                output.Write(' ');
                output.Write(type);
                output.Write('\n');
                current = family;
            }

            WriteSeries(output, series);
        }
    }

    /// <summary>A sample value as Prometheus prints it (NaN, +Inf, -Inf, shortest round-trip decimal).</summary>
    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private void WriteSeries(TextWriter output, TextSeries series)
    {
        output.Write(series.Name);
        var labels = series.BucketBound is null ? series.Labels
            : series.Labels.Length == 0 ? $"le=\"{series.BucketBound}\""
            : $"{series.Labels},le=\"{series.BucketBound}\"";
        if (labels.Length > 0)
        {
            output.Write('{');
            output.Write(labels);
            output.Write('}');
        }

        output.Write(' ');
        output.Write(series.Histogram ?? FormatValue(series.Value));
        if (_includeTimestamps)
        {
            output.Write(' ');
            output.Write(series.TimestampMs.ToString(CultureInfo.InvariantCulture));
        }

        output.Write('\n');
    }

    private TextSeries Find(in LabelSet labels)
    {
        var name = "";
        string? bound = null;
        var text = new StringBuilder();
        var names = labels.Names;
        var values = labels.Values;
        for (var i = 0; i < labels.Count; i++)
        {
            if (names[i] == ExpositionNames.MetricNameLabel)
            {
                name = values[i];
                continue;
            }

            if (names[i] == ExpositionNames.BucketLabel)
            {
                bound = values[i];
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(names[i]).Append("=\"");
            AppendEscaped(text, values[i]);
            text.Append('"');
        }

        var rendered = text.ToString();
        var isBucket = bound is not null && name.EndsWith(ExpositionNames.BucketSuffix, StringComparison.Ordinal);
        if (bound is not null && !isBucket)
        {
            // An "le" label on a non-bucket series is an ordinary label: keep it in place.
            rendered = RenderAll(labels);
            bound = null;
        }

        var key = name + "{" + rendered + (bound is null ? "" : ",le=" + bound) + "}";
        if (!_series.TryGetValue(key, out var series))
        {
            series = new TextSeries(name, rendered, bound);
            _series.Add(key, series);
        }

        return series;
    }

    private static string RenderAll(in LabelSet labels)
    {
        var text = new StringBuilder();
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels.Names[i] == ExpositionNames.MetricNameLabel)
            {
                continue;
            }

            text.Append(text.Length > 0 ? "," : "").Append(labels.Names[i]).Append("=\"");
            AppendEscaped(text, labels.Values[i]);
            text.Append('"');
        }

        return text.ToString();
    }

    private static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }
    }

    private static string? HistogramFamily(TextSeries series, HashSet<string> families)
    {
        if (series.Histogram is not null)
        {
            return series.Name;
        }

        foreach (var suffix in (ReadOnlySpan<string>)[ExpositionNames.BucketSuffix, ExpositionNames.SumSuffix, ExpositionNames.CountSuffix])
        {
            if (series.Name.EndsWith(suffix, StringComparison.Ordinal))
            {
                var family = series.Name[..^suffix.Length];
                if (families.Contains(family) && (suffix != ExpositionNames.BucketSuffix || series.BucketBound is not null))
                {
                    return family;
                }
            }
        }

        return null;
    }

    /// <summary>Family, then labels, then within a histogram's label set: buckets by bound, _sum, _count, native.</summary>
    private static int Compare(string familyA, TextSeries a, string familyB, TextSeries b)
    {
        var order = string.CompareOrdinal(familyA, familyB);
        if (order != 0)
        {
            return order;
        }

        order = string.CompareOrdinal(a.Labels, b.Labels);
        if (order != 0)
        {
            return order;
        }

        order = Rank(a, familyA).CompareTo(Rank(b, familyB));
        return order != 0 ? order : ParseBound(a.BucketBound).CompareTo(ParseBound(b.BucketBound));
    }

    private static int Rank(TextSeries series, string family) =>
        series.BucketBound is not null ? 0
        : series.Name.Length == family.Length ? 3
        : series.Name.EndsWith(ExpositionNames.SumSuffix, StringComparison.Ordinal) ? 1
        : 2;

    private static double ParseBound(string? bound) =>
        bound is null ? 0
        : bound == "+Inf" ? double.PositiveInfinity
        : double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
