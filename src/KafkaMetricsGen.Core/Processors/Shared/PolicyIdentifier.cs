namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// A filter policy key parsed the way TraceQL identifiers are: <c>resource.&lt;name&gt;</c>,
/// <c>span.&lt;name&gt;</c> (prefix stripped, rest literal, optionally double-quoted) or one of the intrinsics
/// <c>name</c>, <c>kind</c>, <c>status</c> (also <c>span:name</c> …). Everything else is a configuration error.
/// </summary>
public readonly record struct PolicyIdentifier(PolicyTarget Target, string AttributeName)
{
    private const string ResourcePrefix = "resource.";
    private const string SpanPrefix = "span.";

    // TraceQL intrinsics that parse but are not supported by filter policies: named in the error, as Tempo does.
    private static readonly string[] UnsupportedIntrinsics =
    [
        "duration", "childCount", "parent", "statusMessage", "rootName", "rootServiceName", "traceDuration", "nestedSetLeft",
        "nestedSetRight", "nestedSetParent", "id", "parentID", "traceID", "spanID",
    ];

    /// <summary>Parses <paramref name="key"/>; throws naming <paramref name="keyPath"/> when it is not usable.</summary>
    public static PolicyIdentifier Parse(string? key, string keyPath)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException($"{keyPath}: must not be empty");
        }

        if (key.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        {
            return new PolicyIdentifier(PolicyTarget.ResourceAttribute, Unquote(key[ResourcePrefix.Length..], key, keyPath));
        }

        if (key.StartsWith(SpanPrefix, StringComparison.Ordinal))
        {
            return new PolicyIdentifier(PolicyTarget.SpanAttribute, Unquote(key[SpanPrefix.Length..], key, keyPath));
        }

        var intrinsic = key.StartsWith("span:", StringComparison.Ordinal) ? key["span:".Length..] : key;
        switch (intrinsic)
        {
            case "name":
                return new PolicyIdentifier(PolicyTarget.Name, string.Empty);
            case "kind":
                return new PolicyIdentifier(PolicyTarget.Kind, string.Empty);
            case "status":
                return new PolicyIdentifier(PolicyTarget.Status, string.Empty);
            default:
                break;
        }

        if (Array.IndexOf(UnsupportedIntrinsics, intrinsic) >= 0 || key.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{keyPath}: unsupported intrinsic '{key}'; supported intrinsics are name, kind and status");
        }

        throw new ArgumentException($"{keyPath}: unsupported attribute '{key}'; use resource.<name>, span.<name>, name, kind or status");
    }

    private static string Unquote(string rest, string key, string keyPath)
    {
        if (rest.Length >= 2 && rest[0] == '"' && rest[^1] == '"')
        {
            rest = rest[1..^1];
        }

        if (rest.Length == 0)
        {
            throw new ArgumentException($"{keyPath}: attribute name missing in '{key}'");
        }

        return rest;
    }
}
