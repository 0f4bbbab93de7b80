using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>
/// A plain HTTP forward proxy on 127.0.0.1 (Kestrel): it takes requests in absolute form, as clients send them to a
/// proxy, forwards each to its destination (the Host header) and relays the answer, so the writes still land in a real
/// receiver. With credentials it answers 407 until the request carries them in <c>Proxy-Authorization</c>.
/// </summary>
public sealed class ForwardProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
    private readonly string? _expectedAuthorization;
    private int _forwarded;
    private int _challenged;

    private ForwardProxy(WebApplication app, string? username, string? password)
    {
        _app = app;
        _expectedAuthorization = username is null
            ? null
            : "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(username + ":" + password));
        _app.Run(HandleAsync);
    }

    /// <summary>The proxy's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Requests forwarded to their destination.</summary>
    public int Forwarded => Volatile.Read(ref _forwarded);

    /// <summary>Requests answered 407 for want of credentials.</summary>
    public int Challenged => Volatile.Read(ref _challenged);

    public static async Task<ForwardProxy> StartAsync(string? username = null, string? password = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var proxy = new ForwardProxy(builder.Build(), username, password);
        await proxy._app.StartAsync().ConfigureAwait(false);
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Url = new Uri(address);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (_expectedAuthorization is not null && context.Request.Headers["Proxy-Authorization"] != _expectedAuthorization)
        {
            Interlocked.Increment(ref _challenged);
            context.Response.StatusCode = StatusCodes.Status407ProxyAuthenticationRequired;
            context.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"proxy\"";
            return;
        }

        var target = new Uri("http://" + context.Request.Host + context.Request.Path + context.Request.QueryString);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body).ConfigureAwait(false);
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), target) { Content = new ByteArrayContent(body.ToArray()) };
        foreach (var header in context.Request.Headers)
        {
            if (HopByHop.Contains(header.Key))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value))
            {
                forward.Content.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value);
            }
        }

        using var response = await _forward.SendAsync(forward).ConfigureAwait(false);
        Interlocked.Increment(ref _forwarded);
        context.Response.StatusCode = (int)response.StatusCode;
        await response.Content.CopyToAsync(context.Response.Body).ConfigureAwait(false);
    }
}
