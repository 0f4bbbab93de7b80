using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;

namespace KafkaMetricsGen.Core.Processors;

/// <summary>Which metrics processors one tenant runs, with their settings (after the per-tenant overrides).</summary>
public sealed class TenantProcessorsOptions
{
    /// <summary>Null: no span metrics.</summary>
    public SpanMetricsOptions? SpanMetrics { get; init; }

    public SpanMetricsSubprocessor SpanMetricsKinds { get; init; } = SpanMetricsSubprocessor.All;

    /// <summary>Null: no service graphs.</summary>
    public ServiceGraphsOptions? ServiceGraphs { get; init; }

    public ServiceGraphsSubProcessors ServiceGraphsKinds { get; init; } = ServiceGraphsSubProcessors.Request | ServiceGraphsSubProcessors.Latency;

    /// <summary>Null: no host info.</summary>
    public HostInfoOptions? HostInfo { get; init; }
}
