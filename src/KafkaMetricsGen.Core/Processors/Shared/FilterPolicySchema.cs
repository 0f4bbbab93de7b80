using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// <c>filter_policies</c> items shared by span metrics and service graphs: each policy has at least one of
/// <c>include</c>, <c>include_any</c>, <c>exclude</c>; attribute keys are scoped TraceQL identifiers.
/// </summary>
public static class FilterPolicySchema
{
    public const string FilterPolicies = "filter_policies";
    public const string Include = "include";
    public const string IncludeAny = "include_any";
    public const string Exclude = "exclude";
    public const string MatchType = "match_type";
    public const string Attributes = "attributes";
    public const string Key = "key";
    public const string Value = "value";
    public const string Strict = "strict";
    public const string Regex = "regex";

    private static readonly string[] Intrinsics = ["name", "kind", "status", "span:name", "span:kind", "span:status"];

    public static readonly ConfigSchema Attribute = new SectionSchema(
        ConfigField.Of(Key, ConfigSchema.String.Where(static n => IsValidKey(n.Value!),
            "not a valid filter key (allowed: resource.<attribute>, span.<attribute>, name, kind, status)")),
        ConfigField.Of(Value, ConfigSchema.Any));

    public static readonly ConfigSchema Block = new SectionSchema(
            ConfigField.Of(MatchType, ConfigSchema.OneOf("match type", Strict, Regex)),
            ConfigField.Of(Attributes, ConfigSchema.ListOf(Attribute)))
        .Where(static n => n.Has(MatchType), "match_type is required (strict or regex)")
        .Where(StrictIntrinsicsAreEnumNames, "strict kind and status values must be enum names such as SPAN_KIND_SERVER or STATUS_CODE_ERROR")
        .Where(RegexesCompile, "every regex value must be a valid regular expression");

    public static readonly ConfigSchema Policy = new SectionSchema(
            ConfigField.Of(Include, Block),
            ConfigField.Of(IncludeAny, Block),
            ConfigField.Of(Exclude, Block))
        .Where(static n => n.Has(Include) || n.Has(IncludeAny) || n.Has(Exclude), "a filter policy needs at least one of include, include_any, exclude");

    public static readonly ConfigSchema List = ConfigSchema.ListOf(Policy);

    private static bool StrictIntrinsicsAreEnumNames(ConfigNode block)
    {
        if (block.GetString(MatchType) != Strict)
        {
            return true;
        }

        foreach (var attribute in block.Get(Attributes)?.Items ?? [])
        {
            var value = attribute.Get(Value)?.Value ?? string.Empty;
            switch (attribute.GetString(Key))
            {
                case "kind" or "span:kind" when !value.StartsWith("SPAN_KIND_", StringComparison.Ordinal):
                case "status" or "span:status" when !value.StartsWith("STATUS_CODE_", StringComparison.Ordinal):
                    return false;
            }
        }

        return true;
    }

    private static bool RegexesCompile(ConfigNode block)
    {
        if (block.GetString(MatchType) != Regex)
        {
            return true;
        }

        foreach (var attribute in block.Get(Attributes)?.Items ?? [])
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(attribute.Get(Value)?.Value ?? string.Empty, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidKey(string key)
    {
        if (Array.IndexOf(Intrinsics, key) >= 0)
        {
            return true;
        }

        return (key.StartsWith("resource.", StringComparison.Ordinal) && key.Length > "resource.".Length)
            || (key.StartsWith("span.", StringComparison.Ordinal) && key.Length > "span.".Length);
    }
}
