using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>One <c>dimension_mappings</c> entry: a label built by joining several attributes' values.</summary>
public sealed class DimensionMappingOptions
{
    /// <summary>YAML <c>name</c>: the label name (sanitized; an intrinsic name gets <c>__</c>).</summary>
    [YamlMember(Alias = SpanMetricsSchema.MappingName)]
    public string Name { get; set; } = string.Empty;

    /// <summary>YAML <c>source_labels</c>: attribute keys, each looked up resource first, then span.</summary>
    [YamlMember(Alias = SpanMetricsSchema.MappingSourceLabels)]
    public List<string> SourceLabels { get; set; } = [];

    /// <summary>YAML <c>join</c>: the separator placed between the non-empty values; default "".</summary>
    [YamlMember(Alias = SpanMetricsSchema.MappingJoin)]
    public string Join { get; set; } = SpanMetricsDefaults.MappingJoin;
}
