using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Benchmarks.Processors;

/// <summary>A registry that drops every observation, so a benchmark measures the processor alone.</summary>
internal sealed class ServiceGraphsNoopRegistry : IMetricsRegistry, ICounter, IGauge, IHistogram
{
    public string Tenant => "bench";

    public LabelBuilder NewLabelBuilder() => new();

    public ICounter NewCounter(string name) => this;

    public IGauge NewGauge(string name) => this;

    public IHistogram NewHistogram(string name, IReadOnlyList<double> buckets) => this;

    public void Inc(in LabelSet labels, double value, ulong eventTimeUnixNano)
    {
    }

    public void Set(in LabelSet labels, double value, ulong eventTimeUnixNano)
    {
    }

    public void Observe(in LabelSet labels, double value, double multiplier, TraceId traceId, ulong eventTimeUnixNano)
    {
    }
}
