namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// What a processor sees of the per-tenant series registry: it creates its metrics once (in its constructor) and then
/// records observations stamped with their event time. How observations become windows, deltas, cumulative series and
/// remote-write samples is the registry's business.
/// </summary>
public interface IMetricsRegistry
{
    /// <summary>The tenant this registry belongs to.</summary>
    string Tenant { get; }

    /// <summary>A builder that applies the registry's label limits (§4.2). One per processor; not thread-safe.</summary>
    LabelBuilder NewLabelBuilder();

    ICounter NewCounter(string name);

    IGauge NewGauge(string name);

    /// <summary>
    /// A gauge describing a target rather than traffic (<c>traces_target_info</c>, host info): the per-label limiter and
    /// the span-name sanitizer leave its labels alone, as Tempo's info-metric builder does.
    /// </summary>
    IGauge NewInfoGauge(string name) => NewGauge(name);

    /// <summary>A histogram with classic <paramref name="buckets"/> (upper bounds, +Inf implied); the tenant's
    /// <c>generate_native_histograms</c> decides whether classic, native or both series are written.</summary>
    IHistogram NewHistogram(string name, IReadOnlyList<double> buckets);
}
