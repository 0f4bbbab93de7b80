using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace KafkaMetricsGen.Http;

/// <summary>Hosts the worker's HTTP endpoints on one address (<c>host:port</c>); <c>/metrics</c> is prometheus-net's default registry.</summary>
public sealed class WorkerHttpServer : IAsyncDisposable
{
    /// <summary>
    /// The longest request line (path and query string) accepted: a TraceQL query travels in the URL, and Tempo (Go's
    /// 1 MB header limit) takes queries far beyond Kestrel's 8 KB default; 4 MB holds a 1 MB query even fully escaped.
    /// </summary>
    public const int MaxRequestLineBytes = 4 * 1024 * 1024;

    private readonly WebApplication _app;

    private WorkerHttpServer(WebApplication app) => _app = app;

    /// <summary>The address actually bound (with the real port when 0 was asked for).</summary>
    public string Address => _app.Urls.First();

    public static async Task<WorkerHttpServer> StartAsync(string listenAddress, Action<IEndpointRouteBuilder> map, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://" + listenAddress);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBufferSize = MaxRequestLineBytes + (64 * 1024);
            o.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            o.Limits.MaxRequestHeadersTotalSize = MaxRequestLineBytes + (64 * 1024);
        });
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
