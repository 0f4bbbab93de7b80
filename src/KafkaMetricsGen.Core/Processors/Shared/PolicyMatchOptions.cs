using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>One block of a filter policy: every attribute condition must match (AND).</summary>
public sealed class PolicyMatchOptions
{
    /// <summary>YAML <c>match_type</c>: <c>strict</c> or <c>regex</c> (<see cref="MatchTypes"/>).</summary>
    [YamlMember(Alias = FilterPolicySchema.MatchType)]
    public string MatchType { get; set; } = string.Empty;

    /// <summary>YAML <c>attributes</c>: <c>[{key, value}]</c>; keys are TraceQL identifiers (<c>span.x</c>, <c>resource.x</c>, <c>name</c>, <c>kind</c>, <c>status</c>).</summary>
    [YamlMember(Alias = FilterPolicySchema.Attributes)]
    public List<PolicyAttributeOptions> Attributes { get; set; } = [];

    /// <summary>Throws naming <paramref name="keyPath"/> when the block is unusable (the keys and values are checked by compiling them).</summary>
    public void Validate(string keyPath)
    {
        if (MatchType is not (MatchTypes.Strict or MatchTypes.Regex))
        {
            throw new ArgumentException($"{keyPath}.{FilterPolicySchema.MatchType}: must be {MatchTypes.Strict} or {MatchTypes.Regex}, got '{MatchType}'");
        }

        // An empty attribute list is allowed, as in Tempo: the block then matches every span.
        for (var i = 0; i < (Attributes?.Count ?? 0); i++)
        {
            _ = AttributeCondition.Compile(MatchType, Attributes![i], $"{keyPath}.{FilterPolicySchema.Attributes}[{i}]");
        }
    }
}
