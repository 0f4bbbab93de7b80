namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>YAML key names of <c>metrics_generator.processor.span_metrics</c> (spec §1.13), for bindings and errors.</summary>
public static class SpanMetricsKeys
{
    public const string Section = "metrics_generator.processor.span_metrics";
    public const string HistogramBuckets = "histogram_buckets";
    public const string IntrinsicDimensions = "intrinsic_dimensions";
    public const string Dimensions = "dimensions";
    public const string DimensionMappings = "dimension_mappings";
    public const string EnableTargetInfo = "enable_target_info";
    public const string TargetInfoExcludedDimensions = "target_info_excluded_dimensions";
    public const string EnableInstanceLabel = "enable_instance_label";
    public const string SpanMultiplierKey = "span_multiplier_key";
    public const string EnableTraceStateSpanMultiplier = "enable_tracestate_span_multiplier";
    public const string FilterPolicies = "filter_policies";
    public const string MappingName = "name";
    public const string MappingSourceLabels = "source_labels";
    public const string MappingJoin = "join";
}
