using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.HostInfo;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Streams.Tenancy;

/// <summary>
/// Everything the stages need to build one tenant's processors and registry: the effective settings after the
/// per-tenant overrides. <see cref="Fingerprint"/> changes whenever any of them does, which makes the stages rebuild
/// that tenant's processors (cumulative series in the aggregate stage are kept, so counters do not reset).
/// </summary>
public sealed class TenantPipelineConfig
{
    public required RegistryOptions Registry { get; init; }

    /// <summary>Null when span metrics are disabled for the tenant.</summary>
    public SpanMetricsOptions? SpanMetrics { get; init; }

    public SpanMetricsSubprocessor SpanMetricsSubprocessors { get; init; } = SpanMetricsSubprocessor.All;

    /// <summary>Null when service graphs are disabled for the tenant.</summary>
    public ServiceGraphsOptions? ServiceGraphs { get; init; }

    public ServiceGraphsSubProcessors ServiceGraphsSubProcessors { get; init; } = ServiceGraphsSubProcessors.Request | ServiceGraphsSubProcessors.Latency;

    /// <summary>Null when host info is disabled for the tenant.</summary>
    public HostInfoOptions? HostInfo { get; init; }

    /// <summary>The metrics processors these settings select (one set per tenant, built by <see cref="TenantProcessors"/>).</summary>
    public TenantProcessorsOptions Processors => new()
    {
        SpanMetrics = SpanMetrics,
        SpanMetricsKinds = SpanMetricsSubprocessors,
        ServiceGraphs = ServiceGraphs,
        ServiceGraphsKinds = ServiceGraphsSubProcessors,
        HostInfo = HostInfo,
    };

    /// <summary>Keep spans for TraceQL metrics queries (local blocks).</summary>
    public bool LocalBlocks { get; init; }

    /// <summary>Identifies the effective settings; equal fingerprints mean nothing to rebuild.</summary>
    public string Fingerprint { get; init; } = string.Empty;
}
