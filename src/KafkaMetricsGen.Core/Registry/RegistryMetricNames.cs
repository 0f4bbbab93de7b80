namespace KafkaMetricsGen.Core.Registry;

/// <summary>Names and labels of the registry's own metrics: Tempo's names where the meaning matches, ours otherwise.</summary>
public static class RegistryMetricNames
{
    public const string ActiveSeries = "tempo_metrics_generator_registry_active_series";
    public const string MaxActiveSeries = "tempo_metrics_generator_registry_max_active_series";
    public const string SeriesAdded = "tempo_metrics_generator_registry_series_added_total";
    public const string SeriesRemoved = "tempo_metrics_generator_registry_series_removed_total";
    public const string SeriesLimited = "tempo_metrics_generator_registry_series_limited_total";
    public const string Collections = "tempo_metrics_generator_registry_collections_total";
    public const string CollectionsFailed = "tempo_metrics_generator_registry_collections_failed_total";

    /// <summary>Ours: observations or deltas that arrived after their window closed, by <see cref="StageLabel"/>.</summary>
    public const string LateObservations = "kafka_metrics_gen_registry_late_observations_total";

    /// <summary>Ours: observations rejected for being further in the future than the slack.</summary>
    public const string FutureObservationsRejected = "kafka_metrics_gen_registry_future_observations_rejected_total";

    public const string ErrorTypeLabel = "error_type";
    public const string StageLabel = "stage";

    /// <summary><see cref="StageLabel"/>: late at the generate stage, folded into the oldest open window.</summary>
    public const string StageGenerate = "generate";

    /// <summary><see cref="StageLabel"/>: a delta for a window the aggregate stage had already written, folded into the next.</summary>
    public const string StageAggregate = "aggregate";

    public const string ErrorTypeOther = "other";
}
