using System.Collections.Concurrent;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// A local sink that keeps the latest sample of every series in memory: the demo prints its RED table and service
/// graph from it, and tests read final values from it. Thread-safe for one writer and many readers.
/// </summary>
public sealed class LatestValuesSink : ITenantSinks
{
    private readonly ConcurrentDictionary<string, Appender> _tenants = new(StringComparer.Ordinal);

    public ISeriesAppender For(string tenant) => _tenants.GetOrAdd(tenant, _ => new Appender());

    public IReadOnlyCollection<string> Tenants => _tenants.Keys.ToArray();

    /// <summary>Windows written so far, over every tenant.</summary>
    public long WindowsWritten => _tenants.Values.Sum(a => Interlocked.Read(ref a.Windows));

    /// <summary>Every series of a tenant with its latest real value (metric name, labels without __name__, value), stale ones marked.</summary>
    public IReadOnlyList<LatestSample> Samples(string tenant) =>
        _tenants.TryGetValue(tenant, out var a) ? a.Latest.Values.ToArray() : [];

    /// <summary>The sum of one metric's latest values over a tenant's series (spans counted, requests paired).</summary>
    public double Total(string tenant, string metric)
    {
        var total = 0.0;
        foreach (var sample in Samples(tenant))
        {
            if (sample.Metric == metric)
            {
                total += sample.Value;
            }
        }

        return total;
    }

    public sealed class Appender : ISeriesAppender
    {
        internal long Windows;

        internal ConcurrentDictionary<string, LatestSample> Latest { get; } = new(StringComparer.Ordinal);

        public void AppendSample(in LabelSet labels, long timestampMs, double value)
        {
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
            if (StaleMarker.Is(value))
            {
                // Keep the last real value: a replayed range ends with every series going stale.
                if (Latest.TryGetValue(key, out var last))
                {
                    Latest[key] = last with { Stale = true };
                }

                return;
            }

            Latest[key] = new LatestSample(name, rest, value, timestampMs);
        }

        public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
        {
        }

        public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
        {
        }

        public void Commit(long windowEndMs) => Interlocked.Increment(ref Windows);
    }
}

/// <summary>One series' latest sample in a <see cref="LatestValuesSink"/>.</summary>
public sealed record LatestSample(string Metric, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, long TimestampMs)
{
    /// <summary>True once a staleness marker followed the value (the series stopped being written).</summary>
    public bool Stale { get; init; }

    public string? Label(string name) => Labels.FirstOrDefault(l => l.Key == name).Value;
}
