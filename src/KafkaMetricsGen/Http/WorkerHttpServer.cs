using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace KafkaMetricsGen.Http;

/// <summary>Hosts the worker's HTTP endpoints on one address (<c>host:port</c>); <c>/metrics</c> is prometheus-net's default registry.</summary>
public sealed class WorkerHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WorkerHttpServer(WebApplication app) => _app = app;

    /// <summary>The address actually bound (with the real port when 0 was asked for).</summary>
    public string Address => _app.Urls.First();

    public static async Task<WorkerHttpServer> StartAsync(string listenAddress, Action<IEndpointRouteBuilder> map, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://" + listenAddress);
        var app = builder.Build();
        app.MapMetrics(HttpPaths.Metrics);
        map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new WorkerHttpServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
