using KafkaMetricsGen.Core.Processors;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>
/// The per-tenant <c>processors</c> list read as Tempo reads it: a bare name enables every metric kind
/// of that processor and makes its sub-names redundant; sub-names alone enable only those kinds.
/// <c>service-graphs-connection-info</c> is the exception: never implied, always additive.
/// </summary>
public sealed record ProcessorSelection
{
    public static readonly string[] KnownNames =
    [
        ProcessorNames.ServiceGraphs, ProcessorNames.ServiceGraphsRequest, ProcessorNames.ServiceGraphsLatency,
        ProcessorNames.ServiceGraphsConnectionInfo, ProcessorNames.SpanMetrics, ProcessorNames.SpanMetricsCount,
        ProcessorNames.SpanMetricsLatency, ProcessorNames.SpanMetricsSize, ProcessorNames.LocalBlocks, ProcessorNames.HostInfo,
    ];

    public static readonly ProcessorSelection None = new();

    public bool SpanMetricsCount { get; init; }

    public bool SpanMetricsLatency { get; init; }

    public bool SpanMetricsSize { get; init; }

    /// <summary>
    /// Sub-name mode with <c>span-metrics-latency</c> listed: Tempo then resets <c>histogram_buckets</c> to the default
    /// exponential buckets, dropping a tenant bucket override (a Tempo edge case, reproduced).
    /// </summary>
    public bool SpanMetricsLatencyResetsBuckets { get; init; }

    public bool ServiceGraphsRequest { get; init; }

    public bool ServiceGraphsLatency { get; init; }

    public bool ServiceGraphsConnectionInfo { get; init; }

    public bool LocalBlocks { get; init; }

    public bool HostInfo { get; init; }

    public bool SpanMetrics => SpanMetricsCount || SpanMetricsLatency || SpanMetricsSize;

    public bool ServiceGraphs => ServiceGraphsRequest || ServiceGraphsLatency || ServiceGraphsConnectionInfo;

    public bool Any => SpanMetrics || ServiceGraphs || HostInfo || LocalBlocks;

    /// <summary>The span-metrics kinds as the processor takes them.</summary>
    public SpanMetricsSubprocessor SpanMetricsKinds =>
        (SpanMetricsCount ? SpanMetricsSubprocessor.Count : 0)
        | (SpanMetricsLatency ? SpanMetricsSubprocessor.Latency : 0)
        | (SpanMetricsSize ? SpanMetricsSubprocessor.Size : 0);

    /// <summary>The service-graph families as the processor takes them.</summary>
    public ServiceGraphsSubProcessors ServiceGraphsKinds =>
        (ServiceGraphsRequest ? ServiceGraphsSubProcessors.Request : 0)
        | (ServiceGraphsLatency ? ServiceGraphsSubProcessors.Latency : 0)
        | (ServiceGraphsConnectionInfo ? ServiceGraphsSubProcessors.ConnectionInfo : 0);

    /// <summary>Reads a list already checked against <see cref="KnownNames"/>; unknown names are ignored as in Tempo.</summary>
    public static ProcessorSelection Parse(IEnumerable<string>? names)
    {
        if (names is null)
        {
            return None;
        }

        var set = new HashSet<string>(names, StringComparer.Ordinal);
        var spanBare = set.Contains(ProcessorNames.SpanMetrics);
        var graphBare = set.Contains(ProcessorNames.ServiceGraphs);
        return new ProcessorSelection
        {
            SpanMetricsCount = spanBare || set.Contains(ProcessorNames.SpanMetricsCount),
            SpanMetricsLatency = spanBare || set.Contains(ProcessorNames.SpanMetricsLatency),
            SpanMetricsSize = spanBare || set.Contains(ProcessorNames.SpanMetricsSize),
            SpanMetricsLatencyResetsBuckets = !spanBare && set.Contains(ProcessorNames.SpanMetricsLatency),
            ServiceGraphsRequest = graphBare || set.Contains(ProcessorNames.ServiceGraphsRequest),
            ServiceGraphsLatency = graphBare || set.Contains(ProcessorNames.ServiceGraphsLatency),
            ServiceGraphsConnectionInfo = set.Contains(ProcessorNames.ServiceGraphsConnectionInfo),
            LocalBlocks = set.Contains(ProcessorNames.LocalBlocks),
            HostInfo = set.Contains(ProcessorNames.HostInfo),
        };
    }
}
