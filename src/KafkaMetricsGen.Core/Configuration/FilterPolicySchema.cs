namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// <c>filter_policies</c> items shared by span metrics and service graphs (spec §1.6): each policy has at least one of
/// <c>include</c>, <c>include_any</c>, <c>exclude</c>; attribute keys are scoped TraceQL identifiers.
/// </summary>
public static class FilterPolicySchema
{
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
        ConfigField.Of(Attributes, ConfigSchema.ListOf(Attribute)));

    public static readonly ConfigSchema Policy = new SectionSchema(
            ConfigField.Of(Include, Block),
            ConfigField.Of(IncludeAny, Block),
            ConfigField.Of(Exclude, Block))
        .Where(static n => n.Has(Include) || n.Has(IncludeAny) || n.Has(Exclude), "a filter policy needs at least one of include, include_any, exclude");

    public static readonly ConfigSchema List = ConfigSchema.ListOf(Policy);

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
