namespace KafkaMetricsGen.Core.Configuration;

/// <summary><c>metrics_generator.processor.span_metrics</c> keys and defaults (spec §1.13).</summary>
public static class SpanMetricsSchema
{
    public const string HistogramBucketsKey = "histogram_buckets";
    public const string IntrinsicDimensions = "intrinsic_dimensions";
    public const string Dimensions = "dimensions";
    public const string DimensionMappings = "dimension_mappings";
    public const string EnableTargetInfo = "enable_target_info";
    public const string TargetInfoExcludedDimensions = "target_info_excluded_dimensions";
    public const string EnableInstanceLabel = "enable_instance_label";
    public const string SpanMultiplierKey = "span_multiplier_key";
    public const string EnableTracestateSpanMultiplier = "enable_tracestate_span_multiplier";
    public const string FilterPolicies = "filter_policies";

    public const string MappingName = "name";
    public const string MappingSourceLabels = "source_labels";
    public const string MappingJoin = "join";

    public static readonly ConfigSchema IntrinsicDimensionsSchema = new SectionSchema(
        [
            ConfigField.Of("service", ConfigSchema.Bool, true),
            ConfigField.Of("span_name", ConfigSchema.Bool, true),
            ConfigField.Of("span_kind", ConfigSchema.Bool, true),
            ConfigField.Of("status_code", ConfigSchema.Bool, true),
            ConfigField.Of("status_message", ConfigSchema.Bool, false),
        ],
        noun: "intrinsic dimension");

    public static readonly ConfigSchema DimensionMapping = new SectionSchema(
        ConfigField.Of(MappingName, ConfigSchema.String.Where(static n => n.Value!.Length > 0, "must not be empty")),
        ConfigField.Of(MappingSourceLabels, ConfigSchema.StringList.Where(static n => n.Items.Count > 0, "must not be empty")),
        ConfigField.Of(MappingJoin, ConfigSchema.String, string.Empty));

    /// <summary>Keys a tenant may override under <c>processor.span_metrics</c> (spec §5.1): every key here.</summary>
    public static readonly SectionSchema Section = new(
        ConfigField.Doubles(HistogramBucketsKey, HistogramBuckets.Exponential(0.002, 2, 14)) with { Schema = HistogramBuckets.Schema },
        ConfigField.Of(IntrinsicDimensions, IntrinsicDimensionsSchema),
        ConfigField.Strings(Dimensions),
        new ConfigField(DimensionMappings, ConfigSchema.ListOf(DimensionMapping), ConfigNode.List()),
        ConfigField.Of(EnableTargetInfo, ConfigSchema.Bool, false),
        ConfigField.Strings(TargetInfoExcludedDimensions),
        ConfigField.Of(EnableInstanceLabel, ConfigSchema.Bool, true),
        ConfigField.Of(SpanMultiplierKey, ConfigSchema.String, string.Empty),
        ConfigField.Of(EnableTracestateSpanMultiplier, ConfigSchema.Bool, false),
        new ConfigField(FilterPolicies, FilterPolicySchema.List, ConfigNode.List()));
}
