namespace KafkaMetricsGen.Core.Registry.Limiters;

/// <summary><c>metrics_generator.registry.limiter_type</c>: what a tenant's limit counts.</summary>
public enum LimiterType
{
    /// <summary><c>series</c>: active series (cost units) against <c>max_active_series</c>.</summary>
    Series,

    /// <summary><c>entity</c>: distinct label sets shared across metrics against <c>max_active_entities</c>.</summary>
    Entity,
}
