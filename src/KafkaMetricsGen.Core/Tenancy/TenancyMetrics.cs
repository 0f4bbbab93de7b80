using Prometheus;

namespace KafkaMetricsGen.Core.Tenancy;

/// <summary>Self-metrics of the overrides reload.</summary>
public static class TenancyMetrics
{
    public const string OverridesReloadFailuresName = "kafka_metrics_gen_overrides_reload_failures_total";
    public const string OverridesReloadsName = "kafka_metrics_gen_overrides_reloads_total";
    public const string FileLabel = "file";

    /// <summary>Reloads that failed (unreadable or invalid file); labelled by the file so each provider counts its own.</summary>
    public static readonly Counter OverridesReloadFailures = Metrics.CreateCounter(
        OverridesReloadFailuresName, "Overrides file reloads that failed; the last good overrides stay in force.", FileLabel);

    /// <summary>Reloads that applied a changed file.</summary>
    public static readonly Counter OverridesReloads = Metrics.CreateCounter(
        OverridesReloadsName, "Overrides file reloads that applied a changed file.", FileLabel);
}
