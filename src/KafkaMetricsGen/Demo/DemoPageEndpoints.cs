using KafkaMetricsGen.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaMetricsGen.Demo;

/// <summary>
/// The demo page at <c>/</c> (one HTML file with its script and styles inline, no external assets) and the JSON it
/// polls: <c>/api/demo/service-graph</c> and <c>/api/demo/red</c>. Its TraceQL box calls the worker's
/// <c>/api/metrics/query_range</c>.
/// </summary>
public static class DemoPageEndpoints
{
    private const string PageResource = "KafkaMetricsGen.Demo.Page.index.html";

    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(DemoPageEndpoints).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException("the demo page is not embedded: " + PageResource);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapDemoPage(this IEndpointRouteBuilder endpoints, DemoSeriesHistory history, string tenant)
    {
        endpoints.MapGet(HttpPaths.DemoPage, () => Results.Bytes(Page.Value, "text/html; charset=utf-8"));
        endpoints.MapGet(HttpPaths.DemoServiceGraph, () => Results.Json(DemoLiveView.ServiceGraph(history.Series(tenant))));
        endpoints.MapGet(HttpPaths.DemoRed, () => Results.Json(DemoLiveView.Red(history.Series(tenant))));
        return endpoints;
    }
}
