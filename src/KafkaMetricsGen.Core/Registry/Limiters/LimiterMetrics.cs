using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary>The limiters' self-metrics, with Tempo's names.</summary>
public static class LimiterMetrics
{
    public const string LabelValuesLimitedName = "tempo_metrics_generator_registry_label_values_limited_total";
    public const string LabelCardinalityDemandName = "tempo_metrics_generator_registry_label_cardinality_demand_estimate";
    public const string LabelNameLabel = "label_name";

    public static readonly Counter LabelValuesLimited = Metrics.CreateCounter(
        LabelValuesLimitedName, "Label values replaced because the label exceeded max_cardinality_per_label.", SelfMetricLabels.Tenant, LabelNameLabel);

    public static readonly Gauge LabelCardinalityDemand = Metrics.CreateGauge(
        LabelCardinalityDemandName, "Estimated distinct values of each label over the stale duration.", SelfMetricLabels.Tenant, LabelNameLabel);
}
