namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>HTTP query parameters and headers of the TraceQL metrics API (Tempo's <c>pkg/api/http.go</c>).</summary>
public static class QueryParameterNames
{
    public const string Q = "q";
    public const string Query = "query";
    public const string Start = "start";
    public const string End = "end";
    public const string Since = "since";
    public const string Step = "step";
    public const string Exemplars = "exemplars";

    /// <summary>Lowers the series limit for one request (Tempo's <c>maxSeries</c>).</summary>
    public const string MaxSeries = "maxSeries";

    /// <summary>Set by a peer asking this instance for its unmerged first-stage series.</summary>
    public const string Local = "local";

    public const string TenantHeader = "X-Scope-OrgID";
    public const string DefaultTenant = "single-tenant";
    public const string ProtobufContentType = "application/protobuf";
    public const string QueryRangePath = "/api/metrics/query_range";
    public const string QueryInstantPath = "/api/metrics/query";
}
