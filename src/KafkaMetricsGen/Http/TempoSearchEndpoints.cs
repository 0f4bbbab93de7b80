using Google.Protobuf;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Core.TraceQL.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaMetricsGen.Http;

/// <summary>
/// Tempo's search and tag API over this instance's local blocks: <c>/api/search</c>, <c>/api/search/tags</c>,
/// <c>/api/v2/search/tags</c>, <c>/api/search/tag/&lt;tag&gt;/values</c> and <c>/api/v2/search/tag/&lt;tag&gt;/values</c>.
/// The tenant is <c>X-Scope-OrgID</c> as for metrics queries; a tenant with nothing stored gets empty answers. Bad
/// parameters or queries are 400 with the reason as text.
/// </summary>
public static class TempoSearchEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints, IQuerySpanSourceProvider sources)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(sources);
        endpoints.MapGet(SearchParameterNames.SearchPath, (HttpContext c) =>
            HandleAsync(c, SearchDefaults.Limit, r => TraceSearch.Execute(sources.Find(RequestTenant.Of(c)), r)));
        endpoints.MapGet(SearchParameterNames.TagsPath, (HttpContext c) =>
            HandleAsync(c, 0, r => TagSearch.Tags(sources.Find(RequestTenant.Of(c)), r)));
        endpoints.MapGet(SearchParameterNames.TagsV2Path, (HttpContext c) =>
            HandleAsync(c, 0, r => TagSearch.TagsV2(sources.Find(RequestTenant.Of(c)), r)));
        endpoints.MapGet(SearchParameterNames.TagValuesPath, (HttpContext c) =>
            HandleAsync(c, 0, r => TagSearch.TagValues(sources.Find(RequestTenant.Of(c)), Tag(c), r)));
        endpoints.MapGet(SearchParameterNames.TagValuesV2Path, (HttpContext c) =>
            HandleAsync(c, 0, r => TagSearch.TagValuesV2(sources.Find(RequestTenant.Of(c)), Tag(c), r)));
        return endpoints;
    }

    /// <summary>The tag from the path, unescaped once more: Grafana encodes it twice so that '/' survives its proxy.</summary>
    private static string Tag(HttpContext context) =>
        Uri.UnescapeDataString(context.Request.RouteValues[SearchParameterNames.TagRouteValue]?.ToString() ?? string.Empty);

    private static async Task HandleAsync(HttpContext context, int defaultLimit, Func<SearchRequest, IMessage> run)
    {
        var query = context.Request.Query;
        IMessage response;
        try
        {
            response = run(SearchRequestParser.Parse(name => query.TryGetValue(name, out var v) ? v.ToString() : null, defaultLimit));
        }
        catch (TraceQLQueryException e)
        {
            await TempoResponses.BadRequestAsync(context, e.Message).ConfigureAwait(false);
            return;
        }

        await TempoResponses.WriteAsync(context, response).ConfigureAwait(false);
    }
}
