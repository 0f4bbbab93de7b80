using Google.Protobuf;
using KafkaMetricsGen.Core.TraceQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaMetricsGen.Http;

/// <summary>
/// Tempo's TraceQL metrics API over local blocks: <c>GET /api/metrics/query_range</c> and <c>GET /api/metrics/query</c>.
/// The tenant is <c>X-Scope-OrgID</c> (default <c>single-tenant</c>); <c>Accept: application/protobuf</c> gets the binary
/// QueryRangeResponse / QueryInstantResponse, anything else Tempo's JSON. Bad requests are 400 with the reason as text.
/// </summary>
public static class TraceQLMetricsEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints, TraceQLMetricsQueryService service)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(QueryParameterNames.QueryRangePath, (HttpContext context) => HandleAsync(context, service, instant: false));
        endpoints.MapGet(QueryParameterNames.QueryInstantPath, (HttpContext context) => HandleAsync(context, service, instant: true));
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, TraceQLMetricsQueryService service, bool instant)
    {
        var tenant = RequestTenant.Of(context);
        var query = context.Request.Query;
        IMessage response;
        try
        {
            var request = service.ParseRequest(name => query.TryGetValue(name, out var v) ? v.ToString() : null, instant);
            var result = await service.QueryAsync(tenant, request, context.RequestAborted).ConfigureAwait(false);
            response = instant && !request.Local ? QueryResponseEncoder.ToInstant(result) : QueryResponseEncoder.ToRange(result);
        }
        catch (TraceQLQueryException e)
        {
            context.Response.StatusCode = e.StatusCode;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(e.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (context.Request.Headers.Accept.ToString().Contains(QueryParameterNames.ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = QueryParameterNames.ProtobufContentType;
            await context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(QueryResponseEncoder.ToJson(response), context.RequestAborted).ConfigureAwait(false);
    }
}
