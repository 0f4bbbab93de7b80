using YamlDotNet.Serialization;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// One entry of <c>filter_policies</c>, shared by span metrics and service graphs. Every entry needs at least
/// one block; the blocks of all entries are pooled by <see cref="SpanFilter"/>.
/// </summary>
public sealed class FilterPolicyOptions
{
    /// <summary>YAML <c>include</c>: the span is kept only if every include block of every policy matches.</summary>
    [YamlMember(Alias = FilterPolicySchema.Include)]
    public PolicyMatchOptions? Include { get; set; }

    /// <summary>YAML <c>include_any</c>: the span is kept if any include_any block matches (Tempo 3.0+).</summary>
    [YamlMember(Alias = FilterPolicySchema.IncludeAny)]
    public PolicyMatchOptions? IncludeAny { get; set; }

    /// <summary>YAML <c>exclude</c>: the span is dropped if any exclude block matches.</summary>
    [YamlMember(Alias = FilterPolicySchema.Exclude)]
    public PolicyMatchOptions? Exclude { get; set; }

    /// <summary>Throws naming <paramref name="keyPath"/> (e.g. <c>…span_metrics.filter_policies[0]</c>) when the entry is unusable.</summary>
    public void Validate(string keyPath)
    {
        if (Include is null && IncludeAny is null && Exclude is null)
        {
            throw new ArgumentException($"{keyPath}: at least one of {FilterPolicySchema.Include}, {FilterPolicySchema.IncludeAny} or {FilterPolicySchema.Exclude} is required");
        }

        Include?.Validate(keyPath + "." + FilterPolicySchema.Include);
        IncludeAny?.Validate(keyPath + "." + FilterPolicySchema.IncludeAny);
        Exclude?.Validate(keyPath + "." + FilterPolicySchema.Exclude);
    }

    /// <summary>Validates a whole <c>filter_policies</c> list found under <paramref name="parentKeyPath"/>.</summary>
    public static void ValidateAll(IReadOnlyList<FilterPolicyOptions>? policies, string parentKeyPath)
    {
        if (policies is null)
        {
            return;
        }

        for (var i = 0; i < policies.Count; i++)
        {
            var path = $"{parentKeyPath}.{FilterPolicySchema.FilterPolicies}[{i}]";
            if (policies[i] is null)
            {
                throw new ArgumentException($"{path}: must not be empty");
            }

            policies[i].Validate(path);
        }
    }
}
