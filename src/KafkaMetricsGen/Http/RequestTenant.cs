using KafkaMetricsGen.Core.TraceQL;
using Microsoft.AspNetCore.Http;

namespace KafkaMetricsGen.Http;

/// <summary>The tenant of a query request: <c>X-Scope-OrgID</c>, or <c>single-tenant</c> without it, as Tempo reads it.</summary>
public static class RequestTenant
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenant = context.Request.Headers[QueryParameterNames.TenantHeader].ToString();
        return string.IsNullOrWhiteSpace(tenant) ? QueryParameterNames.DefaultTenant : tenant;
    }
}
