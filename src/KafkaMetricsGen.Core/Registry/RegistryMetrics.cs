using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>The registry's self-metrics (prometheus-net, label <c>tenant</c>). Series counts are in series-cost units.</summary>
public static class RegistryMetrics
{
    public static readonly Gauge ActiveSeries = Metrics.CreateGauge(
        RegistryMetricNames.ActiveSeries, "Active series (cost units) held by the aggregate stage.", SelfMetricLabels.Tenant);

    public static readonly Gauge MaxActiveSeries = Metrics.CreateGauge(
        RegistryMetricNames.MaxActiveSeries, "The active series limit (0 = none).", SelfMetricLabels.Tenant);

    public static readonly Counter SeriesAdded = Metrics.CreateCounter(
        RegistryMetricNames.SeriesAdded, "Series created (cost units).", SelfMetricLabels.Tenant);

    public static readonly Counter SeriesRemoved = Metrics.CreateCounter(
        RegistryMetricNames.SeriesRemoved, "Series ended for staleness (cost units).", SelfMetricLabels.Tenant);

    public static readonly Counter SeriesLimited = Metrics.CreateCounter(
        RegistryMetricNames.SeriesLimited, "New series redirected to the overflow series by max_active_series (cost units).", SelfMetricLabels.Tenant);

    public static readonly Counter Collections = Metrics.CreateCounter(
        RegistryMetricNames.Collections, "Windows closed and collected.", SelfMetricLabels.Tenant);

    public static readonly Counter CollectionsFailed = Metrics.CreateCounter(
        RegistryMetricNames.CollectionsFailed, "Collections whose appender failed.", SelfMetricLabels.Tenant, RegistryMetricNames.ErrorTypeLabel);

    public static readonly Counter LateObservations = Metrics.CreateCounter(
        RegistryMetricNames.LateObservations, "Observations folded into a later window than their own.", SelfMetricLabels.Tenant, RegistryMetricNames.StageLabel);

    public static readonly Counter FutureObservationsRejected = Metrics.CreateCounter(
        RegistryMetricNames.FutureObservationsRejected, "Observations rejected for an event time too far in the future.", SelfMetricLabels.Tenant);
}
