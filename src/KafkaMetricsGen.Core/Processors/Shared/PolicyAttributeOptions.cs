using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>One <c>{key, value}</c> condition of a filter policy block.</summary>
public sealed class PolicyAttributeOptions
{
    /// <summary>YAML <c>key</c>: a TraceQL identifier such as <c>span.http.method</c>, <c>resource.service.name</c>, <c>kind</c>.</summary>
    [YamlMember(Alias = FilterPolicySchema.Key)]
    public string Key { get; set; } = string.Empty;

    /// <summary>YAML <c>value</c>: string, int, float or bool; its YAML type picks the strict comparison.</summary>
    [YamlMember(Alias = FilterPolicySchema.Value)]
    public PolicyValue? Value { get; set; }
}
