using KafkaMetricsGen.Core.Processors.Shared;
using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>YAML <c>metrics_generator.processor.span_metrics</c> with Tempo's keys and defaults.</summary>
public sealed class SpanMetricsOptions
{
    /// <summary>YAML <c>histogram_buckets</c>: latency bucket upper bounds in seconds (+Inf implied); sorted on use.</summary>
    [YamlMember(Alias = SpanMetricsSchema.HistogramBucketsKey)]
    public List<double> HistogramBuckets { get; set; } = [.. SpanMetricsDefaults.HistogramBuckets()];

    /// <summary>
    /// YAML <c>intrinsic_dimensions</c>: <c>{service, span_name, span_kind, status_code, status_message}: bool</c>.
    /// Keys not given keep their default (all on except status_message); any other key is an error.
    /// </summary>
    [YamlMember(Alias = SpanMetricsSchema.IntrinsicDimensions)]
    public Dictionary<string, bool> IntrinsicDimensions { get; set; } = [];

    /// <summary>YAML <c>dimensions</c>: attribute keys turned into labels (resource first, then span).</summary>
    [YamlMember(Alias = SpanMetricsSchema.Dimensions)]
    public List<string> Dimensions { get; set; } = [];

    /// <summary>YAML <c>dimension_mappings</c>: labels joined from several attributes.</summary>
    [YamlMember(Alias = SpanMetricsSchema.DimensionMappings)]
    public List<DimensionMappingOptions> DimensionMappings { get; set; } = [];

    /// <summary>YAML <c>enable_target_info</c>: write <c>traces_target_info</c> and add job/instance to span metrics.</summary>
    [YamlMember(Alias = SpanMetricsSchema.EnableTargetInfo)]
    public bool EnableTargetInfo { get; set; } = SpanMetricsDefaults.EnableTargetInfo;

    /// <summary>YAML <c>target_info_excluded_dimensions</c>: resource attribute keys (exact) left out of target_info.</summary>
    [YamlMember(Alias = SpanMetricsSchema.TargetInfoExcludedDimensions)]
    public List<string> TargetInfoExcludedDimensions { get; set; } = [];

    /// <summary>YAML <c>enable_instance_label</c>: add <c>instance</c> (service.instance.id) when target info is on.</summary>
    [YamlMember(Alias = SpanMetricsSchema.EnableInstanceLabel)]
    public bool EnableInstanceLabel { get; set; } = SpanMetricsDefaults.EnableInstanceLabel;

    /// <summary>YAML <c>span_multiplier_key</c>: attribute holding the sampling ratio (multiplier = 1 / ratio).</summary>
    [YamlMember(Alias = SpanMetricsSchema.SpanMultiplierKey)]
    public string SpanMultiplierKey { get; set; } = SpanMetricsDefaults.SpanMultiplierKey;

    /// <summary>YAML <c>enable_tracestate_span_multiplier</c>: take the multiplier from the tracestate <c>ot=th:</c>.</summary>
    [YamlMember(Alias = SpanMetricsSchema.EnableTracestateSpanMultiplier)]
    public bool EnableTraceStateSpanMultiplier { get; set; } = SpanMetricsDefaults.EnableTraceStateSpanMultiplier;

    /// <summary>YAML <c>filter_policies</c>: which spans are counted.</summary>
    [YamlMember(Alias = SpanMetricsSchema.FilterPolicies)]
    public List<FilterPolicyOptions> FilterPolicies { get; set; } = [];

    /// <summary>Whether an intrinsic dimension is on, after defaults.</summary>
    public bool IntrinsicEnabled(string name) =>
        IntrinsicDimensions is not null && IntrinsicDimensions.TryGetValue(name, out var on) ? on : SpanMetricsDefaults.IntrinsicEnabled(name);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the key path of the first invalid setting.</summary>
    public void Validate(string section = SpanMetricsSchema.Prefix)
    {
        ValidateBuckets(section);
        foreach (var key in IntrinsicDimensions?.Keys ?? Enumerable.Empty<string>())
        {
            if (Array.IndexOf(SpanMetricsLabelNames.Intrinsics, key) < 0)
            {
                throw new ArgumentException($"{section}.{SpanMetricsSchema.IntrinsicDimensions}.{key}: {key} is not a valid intrinsic dimension");
            }
        }

        _ = DimensionPlan.MappingLabelNames(this, section);
        FilterPolicyOptions.ValidateAll(FilterPolicies, section);
        _ = new SpanFilter(FilterPolicies, section);
    }

    private void ValidateBuckets(string section)
    {
        var buckets = HistogramBuckets ?? [];
        var sorted = buckets.ToArray();
        Array.Sort(sorted);
        for (var i = 0; i < sorted.Length; i++)
        {
            if (double.IsNaN(sorted[i]) || double.IsInfinity(sorted[i]))
            {
                throw new ArgumentException($"{section}.{SpanMetricsSchema.HistogramBucketsKey}: must be finite numbers, got {sorted[i]}");
            }

            if (i > 0 && sorted[i] == sorted[i - 1])
            {
                throw new ArgumentException($"{section}.{SpanMetricsSchema.HistogramBucketsKey}: must not repeat a bound, got {sorted[i]} twice");
            }
        }
    }
}
