using System.Runtime.InteropServices;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Benchmarks.Processors;

/// <summary>
/// A minimal registry for processor benchmarks: it adds observations into per-series slots found by the label-set
/// hash, so once every series exists it allocates nothing and the benchmark measures the processor itself.
/// </summary>
public sealed class AccumulatingRegistry : IMetricsRegistry
{
    public string Tenant => "bench";

    public LabelBuilder NewLabelBuilder() => new();

    public ICounter NewCounter(string name) => new Sum();

    public IGauge NewGauge(string name) => new Sum();

    public IHistogram NewHistogram(string name, IReadOnlyList<double> buckets) => new Histogram([.. buckets]);

    private sealed class Sum : ICounter, IGauge
    {
        private readonly Dictionary<ulong, double> _values = [];

        public void Inc(in LabelSet labels, double value, ulong eventTimeUnixNano) =>
            CollectionsMarshal.GetValueRefOrAddDefault(_values, labels.Hash, out _) += value;

        public void Set(in LabelSet labels, double value, ulong eventTimeUnixNano) =>
            CollectionsMarshal.GetValueRefOrAddDefault(_values, labels.Hash, out _) = value;
    }

    private sealed class Histogram(double[] bounds) : IHistogram
    {
        private readonly Dictionary<ulong, double[]> _series = [];

        public void Observe(in LabelSet labels, double value, double multiplier, TraceId traceId, ulong eventTimeUnixNano)
        {
            ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(_series, labels.Hash, out _);
            counts ??= new double[bounds.Length + 2];
            var i = 0;
            while (i < bounds.Length && value > bounds[i])
            {
                i++;
            }

            counts[i] += multiplier;
            counts[^1] += value * multiplier;
        }
    }
}
