namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>Every intrinsic TraceQL's grammar accepts, unscoped (legacy) and scoped, with its type.</summary>
public static class SyntaxIntrinsics
{
    private static readonly Dictionary<string, SyntaxType> Types = new(StringComparer.Ordinal)
    {
        ["duration"] = SyntaxType.Duration,
        ["name"] = SyntaxType.String,
        ["status"] = SyntaxType.Status,
        ["statusMessage"] = SyntaxType.String,
        ["kind"] = SyntaxType.Kind,
        ["parent"] = SyntaxType.Attribute,
        ["rootName"] = SyntaxType.String,
        ["rootServiceName"] = SyntaxType.String,
        ["traceDuration"] = SyntaxType.Duration,
        ["nestedSetLeft"] = SyntaxType.Int,
        ["nestedSetRight"] = SyntaxType.Int,
        ["nestedSetParent"] = SyntaxType.Int,
        ["trace:duration"] = SyntaxType.Duration,
        ["trace:rootName"] = SyntaxType.String,
        ["trace:rootService"] = SyntaxType.String,
        ["trace:id"] = SyntaxType.String,
        ["span:duration"] = SyntaxType.Duration,
        ["span:name"] = SyntaxType.String,
        ["span:kind"] = SyntaxType.Kind,
        ["span:status"] = SyntaxType.Status,
        ["span:statusMessage"] = SyntaxType.String,
        ["span:id"] = SyntaxType.String,
        ["span:parentID"] = SyntaxType.String,
        ["span:childCount"] = SyntaxType.Int,
        ["event:name"] = SyntaxType.String,
        ["event:timeSinceStart"] = SyntaxType.Duration,
        ["link:traceID"] = SyntaxType.String,
        ["link:spanID"] = SyntaxType.String,
        ["instrumentation:name"] = SyntaxType.String,
        ["instrumentation:version"] = SyntaxType.String,
    };

    public static bool TryGet(string name, out SyntaxType type) => Types.TryGetValue(name, out type);
}
