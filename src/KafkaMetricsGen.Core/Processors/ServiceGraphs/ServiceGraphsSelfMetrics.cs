using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>The service-graph self-metrics (process-wide families; a processor binds its tenant's children once).</summary>
public static class ServiceGraphsSelfMetrics
{
    public static readonly Counter Edges = Metrics.CreateCounter(
        ServiceGraphsSelfMetricNames.Edges, "Total number of unique edges.", SelfMetricLabels.Tenant);

    public static readonly Counter ExpiredEdges = Metrics.CreateCounter(
        ServiceGraphsSelfMetricNames.ExpiredEdges, "Number of edges that expired before finding their matching span.",
        SelfMetricLabels.Tenant, ServiceGraphsSelfMetricNames.UnmatchedSpanKindLabel);

    public static readonly Counter DroppedSpans = Metrics.CreateCounter(
        ServiceGraphsSelfMetricNames.DroppedSpans, "Number of spans dropped when trying to add edges.", SelfMetricLabels.Tenant);

    public static readonly Counter DroppedEdges = Metrics.CreateCounter(
        ServiceGraphsSelfMetricNames.DroppedEdges, "Number of edges dropped due to matching a dropped span side counterpart.", SelfMetricLabels.Tenant);

    public static readonly Counter DroppedSpanSideCacheOverflow = Metrics.CreateCounter(
        ServiceGraphsSelfMetricNames.DroppedSpanSideCacheOverflow,
        "Number of dropped span side cache insertions skipped because the cache reached max items.", SelfMetricLabels.Tenant);

    /// <summary>OTLP enum name of a span kind, as Tempo writes it in <c>unmatched_span_kind</c>.</summary>
    public static string SpanKindName(SpanKind kind) => kind switch
    {
        SpanKind.Unspecified => "SPAN_KIND_UNSPECIFIED",
        SpanKind.Internal => "SPAN_KIND_INTERNAL",
        SpanKind.Server => "SPAN_KIND_SERVER",
        SpanKind.Client => "SPAN_KIND_CLIENT",
        SpanKind.Producer => "SPAN_KIND_PRODUCER",
        SpanKind.Consumer => "SPAN_KIND_CONSUMER",
        _ => ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
