using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.TestKit;

/// <summary>
/// A registry fake for processor tests: it accumulates every observation per metric and label set, keyed by the
/// Prometheus-style text <c>{a="1",b="2"}</c> (labels sorted), and keeps the observations in order.
/// </summary>
public sealed class RecordingRegistry : IMetricsRegistry
{
    private readonly Dictionary<string, RecordedSeries> _series = new(StringComparer.Ordinal);
    private readonly List<RecordedObservation> _observations = [];

    public RecordingRegistry(string tenant = "test-tenant") => Tenant = tenant;

    public string Tenant { get; }

    public IReadOnlyList<RecordedObservation> Observations => _observations;

    public IEnumerable<string> MetricNames => _series.Values.Select(s => s.Metric).Distinct().Order(StringComparer.Ordinal);

    public LabelBuilder NewLabelBuilder() => new();

    public ICounter NewCounter(string name) => new Counter(this, name);

    public IGauge NewGauge(string name) => new Gauge(this, name);

    public IHistogram NewHistogram(string name, IReadOnlyList<double> buckets) => new Histogram(this, name, buckets.ToArray());

    /// <summary>All series of a metric: label text → series.</summary>
    public IReadOnlyDictionary<string, RecordedSeries> Series(string metric) =>
        _series.Values.Where(s => s.Metric == metric).ToDictionary(s => s.LabelText, StringComparer.Ordinal);

    /// <summary>The series of a metric with exactly these labels, or null.</summary>
    public RecordedSeries? Find(string metric, params (string Name, string Value)[] labels) =>
        _series.GetValueOrDefault(metric + LabelText(labels));

    /// <summary>The value of a counter or gauge series; 0 when the series does not exist.</summary>
    public double Value(string metric, params (string Name, string Value)[] labels) => Find(metric, labels)?.Value ?? 0;

    public static string LabelText(IEnumerable<(string Name, string Value)> labels) =>
        "{" + string.Join(",", labels.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";

    private RecordedSeries Get(string metric, in LabelSet labels, double[]? buckets)
    {
        var pairs = new (string, string)[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            pairs[i] = (labels.Names[i], labels.Values[i]);
        }

        var text = LabelText(pairs);
        if (!_series.TryGetValue(metric + text, out var series))
        {
            series = new RecordedSeries(metric, text, pairs, buckets);
            _series.Add(metric + text, series);
        }

        return series;
    }

    private sealed class Counter(RecordingRegistry owner, string name) : ICounter
    {
        public void Inc(in LabelSet labels, double value, ulong eventTimeUnixNano)
        {
            var s = owner.Get(name, labels, null);
            s.Value += value;
            s.LastEventTimeUnixNano = eventTimeUnixNano;
            owner._observations.Add(new RecordedObservation(name, s.LabelText, value, 1, eventTimeUnixNano, default));
        }
    }

    private sealed class Gauge(RecordingRegistry owner, string name) : IGauge
    {
        public void Set(in LabelSet labels, double value, ulong eventTimeUnixNano)
        {
            var s = owner.Get(name, labels, null);
            s.Value = value;
            s.LastEventTimeUnixNano = eventTimeUnixNano;
            owner._observations.Add(new RecordedObservation(name, s.LabelText, value, 1, eventTimeUnixNano, default));
        }
    }

    private sealed class Histogram(RecordingRegistry owner, string name, double[] buckets) : IHistogram
    {
        public void Observe(in LabelSet labels, double value, double multiplier, Core.Ingest.TraceId traceId, ulong eventTimeUnixNano)
        {
            var s = owner.Get(name, labels, buckets);
            s.Count += multiplier;
            s.Sum += value * multiplier;
            for (var i = 0; i < buckets.Length; i++)
            {
                if (value <= buckets[i])
                {
                    s.BucketCounts[i] += multiplier;
                }
            }

            s.LastTraceId = traceId;
            s.LastEventTimeUnixNano = eventTimeUnixNano;
            owner._observations.Add(new RecordedObservation(name, s.LabelText, value, multiplier, eventTimeUnixNano, traceId));
        }
    }
}

/// <summary>One series of a <see cref="RecordingRegistry"/>; histogram bucket counts are cumulative (le).</summary>
public sealed class RecordedSeries((string Name, string Value)[] labels, double[]? buckets)
{
    public RecordedSeries(string metric, string labelText, (string Name, string Value)[] labels, double[]? buckets)
        : this(labels, buckets)
    {
        Metric = metric;
        LabelText = labelText;
    }

    public string Metric { get; } = string.Empty;

    public string LabelText { get; } = string.Empty;

    public IReadOnlyList<(string Name, string Value)> Labels { get; } = labels;

    public double[] Buckets { get; } = buckets ?? [];

    public double[] BucketCounts { get; } = new double[buckets?.Length ?? 0];

    public double Value { get; set; }

    public double Count { get; set; }

    public double Sum { get; set; }

    public Core.Ingest.TraceId LastTraceId { get; set; }

    public ulong LastEventTimeUnixNano { get; set; }

    public string? Label(string name) => Labels.FirstOrDefault(l => l.Name == name).Value;
}

/// <summary>One call made on a recorded metric, in order.</summary>
public readonly record struct RecordedObservation(string Metric, string LabelText, double Value, double Multiplier, ulong EventTimeUnixNano, Core.Ingest.TraceId TraceId);
