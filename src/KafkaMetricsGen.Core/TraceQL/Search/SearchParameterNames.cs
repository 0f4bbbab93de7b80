namespace KafkaMetricsGen.Core.TraceQL.Search;

/// <summary>Paths, parameters and scope names of Tempo's search and tag API (Tempo's <c>pkg/api/http.go</c>).</summary>
public static class SearchParameterNames
{
    public const string EchoPath = "/api/echo";
    public const string BuildInfoPath = "/api/status/buildinfo";
    public const string SearchPath = "/api/search";
    public const string TagsPath = "/api/search/tags";
    public const string TagValuesPath = "/api/search/tag/{tag}/values";
    public const string TagsV2Path = "/api/v2/search/tags";
    public const string TagValuesV2Path = "/api/v2/search/tag/{tag}/values";

    /// <summary>The route value of the tag in <see cref="TagValuesPath"/> and <see cref="TagValuesV2Path"/>.</summary>
    public const string TagRouteValue = "tag";

    public const string Q = "q";
    public const string Start = "start";
    public const string End = "end";
    public const string Limit = "limit";
    public const string SpansPerSpanSet = "spss";
    public const string Scope = "scope";

    public const string ScopeSpan = "span";
    public const string ScopeResource = "resource";
    public const string ScopeIntrinsic = "intrinsic";
    public const string ScopeEvent = "event";
    public const string ScopeLink = "link";
    public const string ScopeInstrumentation = "instrumentation";

    /// <summary>Scope value asking for every scope (also the default).</summary>
    public const string ScopeNone = "none";
}
