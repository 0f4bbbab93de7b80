using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Core.Registry.Sanitizer;

/// <summary>The span-name sanitizer's self-metrics, with Tempo's names.</summary>
public static class SanitizerMetrics
{
    public const string SpansSanitizedName = "tempo_metrics_generator_registry_spans_sanitized_total";
    public const string PostSanitizationDemandName = "tempo_metrics_generator_registry_post_sanitization_demand_estimate";

    public static readonly Counter SpansSanitized = Metrics.CreateCounter(
        SpansSanitizedName, "Label sets whose span_name has a pattern different from it (replaced unless dry_run).", SelfMetricLabels.Tenant);

    public static readonly Gauge PostSanitizationDemand = Metrics.CreateGauge(
        PostSanitizationDemandName, "Estimated distinct label sets after span-name sanitization, over the stale duration.", SelfMetricLabels.Tenant);
}
