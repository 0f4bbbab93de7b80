using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.Shared;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// <c>metrics_generator.processor.span_metrics</c>: the keys, written only here, and the schema that checks
/// them, with the defaults of <see cref="SpanMetricsDefaults"/>.
/// </summary>
public static class SpanMetricsSchema
{
    public const string Prefix = "metrics_generator.processor.span_metrics";
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

    // An intrinsic dimension's key is the name of the label it turns on.
    public const string IntrinsicService = SpanMetricsLabelNames.Service;
    public const string IntrinsicSpanName = SpanMetricsLabelNames.SpanName;
    public const string IntrinsicSpanKind = SpanMetricsLabelNames.SpanKind;
    public const string IntrinsicStatusCode = SpanMetricsLabelNames.StatusCode;
    public const string IntrinsicStatusMessage = SpanMetricsLabelNames.StatusMessage;

    public static readonly ConfigSchema IntrinsicDimensionsSchema = new SectionSchema(
        [
            ConfigField.Of(IntrinsicService, ConfigSchema.Bool, SpanMetricsDefaults.IntrinsicService),
            ConfigField.Of(IntrinsicSpanName, ConfigSchema.Bool, SpanMetricsDefaults.IntrinsicSpanName),
            ConfigField.Of(IntrinsicSpanKind, ConfigSchema.Bool, SpanMetricsDefaults.IntrinsicSpanKind),
            ConfigField.Of(IntrinsicStatusCode, ConfigSchema.Bool, SpanMetricsDefaults.IntrinsicStatusCode),
            ConfigField.Of(IntrinsicStatusMessage, ConfigSchema.Bool, SpanMetricsDefaults.IntrinsicStatusMessage),
        ],
        noun: "intrinsic dimension");

    public static readonly ConfigSchema DimensionMapping = new SectionSchema(
        ConfigField.Of(MappingName, ConfigSchema.String.Where(static n => n.Value!.Length > 0, "must not be empty")),
        ConfigField.Of(MappingSourceLabels, ConfigSchema.StringList.Where(static n => n.Items.Count > 0, "must not be empty")),
        ConfigField.Of(MappingJoin, ConfigSchema.String, SpanMetricsDefaults.MappingJoin));

    /// <summary>Keys a tenant may override under <c>processor.span_metrics</c>: every key here.</summary>
    public static readonly SectionSchema Section = new(
        ConfigField.Doubles(HistogramBucketsKey, HistogramBuckets.Exponential(SpanMetricsDefaults.HistogramBucketStartSeconds, SpanMetricsDefaults.HistogramBucketFactor, SpanMetricsDefaults.HistogramBucketCount)) with { Schema = HistogramBuckets.Schema },
        ConfigField.Of(IntrinsicDimensions, IntrinsicDimensionsSchema),
        ConfigField.Strings(Dimensions),
        new ConfigField(DimensionMappings, ConfigSchema.ListOf(DimensionMapping), ConfigNode.List()),
        ConfigField.Of(EnableTargetInfo, ConfigSchema.Bool, SpanMetricsDefaults.EnableTargetInfo),
        ConfigField.Strings(TargetInfoExcludedDimensions),
        ConfigField.Of(EnableInstanceLabel, ConfigSchema.Bool, SpanMetricsDefaults.EnableInstanceLabel),
        ConfigField.Of(SpanMultiplierKey, ConfigSchema.String, SpanMetricsDefaults.SpanMultiplierKey),
        ConfigField.Of(EnableTracestateSpanMultiplier, ConfigSchema.Bool, SpanMetricsDefaults.EnableTraceStateSpanMultiplier),
        new ConfigField(FilterPolicies, FilterPolicySchema.List, ConfigNode.List()));
}
