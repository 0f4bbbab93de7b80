using Prometheus;

namespace KafkaMetricsGen.Core.Telemetry;

/// <summary>
/// The self-metrics several stages share. Stage-specific ones live beside their stage. All carry <c>tenant</c>;
/// tests read them with a tenant name of their own, so the process-wide registry is no obstacle.
/// </summary>
public static class SelfMetrics
{
    public static readonly Counter SpansReceived = Metrics.CreateCounter(
        SelfMetricNames.SpansReceived, "Spans received, before any filter.", SelfMetricLabels.Tenant);

    public static readonly Counter SpansDiscarded = Metrics.CreateCounter(
        SelfMetricNames.SpansDiscarded, "Spans discarded, by reason and processor.", SelfMetricLabels.Tenant, SelfMetricLabels.Reason, SelfMetricLabels.Processor);

    public static readonly Counter BytesReceived = Metrics.CreateCounter(
        SelfMetricNames.BytesReceived, "Encoded bytes of the ResourceSpans received.", SelfMetricLabels.Tenant);
}
