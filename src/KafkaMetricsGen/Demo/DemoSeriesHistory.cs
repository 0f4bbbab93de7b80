using System.Collections.Concurrent;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;

namespace KafkaMetricsGen.Demo;

/// <summary>
/// A sink that keeps the last <see cref="WindowsKept"/> window samples of every series, so the demo page can show
/// rates (the change of a cumulative series over its kept windows) rather than totals. Native histograms and exemplars
/// are not kept: the page reads the classic buckets. Thread-safe for one writer and many readers.
/// </summary>
public sealed class DemoSeriesHistory : ITenantSinks
{
    /// <summary>Window samples kept per series: with the demo's 5 s windows the page's rates cover the last 30 s.</summary>
    public const int WindowsKept = 7;

    private readonly ConcurrentDictionary<string, Appender> _tenants = new(StringComparer.Ordinal);

    public ISeriesAppender For(string tenant) => _tenants.GetOrAdd(tenant, _ => new Appender());

    /// <summary>Every series of a tenant with its kept samples, oldest first.</summary>
    public IReadOnlyList<SeriesHistory> Series(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var appender))
        {
            return [];
        }

        var result = new List<SeriesHistory>();
        foreach (var series in appender.Series.Values)
        {
            lock (series)
            {
                result.Add(series with { Points = series.Points.ToArray() });
            }
        }

        return result;
    }

    private sealed class Appender : ISeriesAppender
    {
        internal ConcurrentDictionary<string, SeriesHistory> Series { get; } = new(StringComparer.Ordinal);

        public void AppendSample(in LabelSet labels, long timestampMs, double value)
        {
            if (StaleMarker.Is(value))
            {
                return;
            }

            var name = string.Empty;
            var rest = new List<KeyValuePair<string, string>>(labels.Count);
            for (var i = 0; i < labels.Count; i++)
            {
                if (labels.Names[i] == "__name__")
                {
                    name = labels.Values[i];
                }
                else
                {
                    rest.Add(new(labels.Names[i], labels.Values[i]));
                }
            }

            var key = name + "{" + string.Join(",", rest.Select(kv => kv.Key + "=" + kv.Value)) + "}";
            var series = Series.GetOrAdd(key, _ => new SeriesHistory(name, rest, new List<SeriesPoint>(WindowsKept + 1)));
            lock (series)
            {
                var points = (List<SeriesPoint>)series.Points;
                if (points.Count > 0 && points[^1].TimestampMs >= timestampMs)
                {
                    // The same window again (a re-sent delta): keep the newer value.
                    points[^1] = new SeriesPoint(points[^1].TimestampMs, value);
                    return;
                }

                points.Add(new SeriesPoint(timestampMs, value));
                if (points.Count > WindowsKept)
                {
                    points.RemoveAt(0);
                }
            }
        }

        public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
        {
        }

        public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
        {
        }

        public void Commit(long windowEndMs)
        {
        }
    }
}
