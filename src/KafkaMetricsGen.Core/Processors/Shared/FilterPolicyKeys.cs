namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>YAML key names of a <c>filter_policies</c> entry (spec §1.6), used in bindings and error messages.</summary>
public static class FilterPolicyKeys
{
    public const string FilterPolicies = "filter_policies";
    public const string Include = "include";
    public const string IncludeAny = "include_any";
    public const string Exclude = "exclude";
    public const string MatchType = "match_type";
    public const string Attributes = "attributes";
    public const string Key = "key";
    public const string Value = "value";
}
