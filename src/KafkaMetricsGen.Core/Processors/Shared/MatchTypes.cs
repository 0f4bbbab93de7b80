namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>Values of <c>match_type</c> in a filter policy block.</summary>
public static class MatchTypes
{
    /// <summary>Typed equality: the YAML value's type picks the comparison.</summary>
    public const string Strict = "strict";

    /// <summary>RE2-style unanchored search against the string value.</summary>
    public const string Regex = "regex";
}
