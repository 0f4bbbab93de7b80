using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary>The limiters' self-metrics, with Tempo's names.</summary>
public static class LimiterMetrics
{
    public const string LabelValuesLimitedName = "tempo_metrics_generator_registry_label_values_limited_total";
    public const string LabelCardinalityDemandName = "tempo_metrics_generator_registry_label_cardinality_demand_estimate";
    public const string LabelNameLabel = "label_name";
    public const string ActiveEntitiesName = "tempo_metrics_generator_registry_active_entities";
    public const string MaxActiveEntitiesName = "tempo_metrics_generator_registry_max_active_entities";
    public const string EntitiesAddedName = "tempo_metrics_generator_registry_entities_added_total";
    public const string EntitiesRemovedName = "tempo_metrics_generator_registry_entities_removed_total";
    public const string EntitiesLimitedName = "tempo_metrics_generator_registry_entities_limited_total";
    public const string EntityDemandName = "tempo_metrics_generator_registry_entity_demand_estimate";

    public static readonly Counter LabelValuesLimited = Metrics.CreateCounter(
        LabelValuesLimitedName, "Label values replaced because the label exceeded max_cardinality_per_label.", SelfMetricLabels.Tenant, LabelNameLabel);

    public static readonly Gauge LabelCardinalityDemand = Metrics.CreateGauge(
        LabelCardinalityDemandName, "Estimated distinct values of each label over the stale duration.", SelfMetricLabels.Tenant, LabelNameLabel);

    public static readonly Gauge ActiveEntities = Metrics.CreateGauge(
        ActiveEntitiesName, "Active entities (label sets shared across metrics) held by the aggregate stage.", SelfMetricLabels.Tenant);

    public static readonly Gauge MaxActiveEntities = Metrics.CreateGauge(
        MaxActiveEntitiesName, "The active entities limit (0 = none).", SelfMetricLabels.Tenant);

    public static readonly Counter EntitiesAdded = Metrics.CreateCounter(
        EntitiesAddedName, "Entities created.", SelfMetricLabels.Tenant);

    public static readonly Counter EntitiesRemoved = Metrics.CreateCounter(
        EntitiesRemovedName, "Entities ended because their last series became stale.", SelfMetricLabels.Tenant);

    public static readonly Counter EntitiesLimited = Metrics.CreateCounter(
        EntitiesLimitedName, "New series of new entities redirected to the overflow series by max_active_entities.", SelfMetricLabels.Tenant);

    public static readonly Gauge EntityDemand = Metrics.CreateGauge(
        EntityDemandName, "Estimated distinct entities over the stale duration, without limits.", SelfMetricLabels.Tenant);
}
