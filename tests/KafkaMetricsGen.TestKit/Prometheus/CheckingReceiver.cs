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
/// A remote-write receiver in front of a real one (Kestrel on 127.0.0.1): every request is checked by the test's
/// function, which sees the request and its body and answers null to accept or a reason to refuse (401); accepted
/// bodies are forwarded with their remote-write headers to <see cref="Target"/> (a real Prometheus), so what passes
/// the check lands in a real TSDB. For authentication schemes Prometheus cannot enforce itself (bearer tokens from
/// OAuth 2.0, AWS signatures).
/// </summary>
public sealed class CheckingReceiver : IAsyncDisposable
{
    private static readonly string[] Forwarded = ["Content-Encoding", "Content-Type", "X-Prometheus-Remote-Write-Version"];

    private readonly WebApplication _app;
    private readonly Func<HttpRequest, byte[], string?> _check;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseProxy = false });
    private readonly Lock _gate = new();
    private readonly List<string> _refusals = [];
    private int _accepted;

    private CheckingReceiver(WebApplication app, Uri target, Func<HttpRequest, byte[], string?> check)
    {
        _app = app;
        Target = target;
        _check = check;
        _app.MapPost("/api/v1/write", HandleAsync);
    }

    /// <summary>Where accepted writes go.</summary>
    public Uri Target { get; }

    /// <summary>This receiver's remote-write URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Requests that passed the check and were forwarded.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>The reasons of the requests refused so far.</summary>
    public IReadOnlyList<string> Refusals
    {
        get
        {
            lock (_gate)
            {
                return [.. _refusals];
            }
        }
    }

    public static async Task<CheckingReceiver> StartAsync(Uri target, Func<HttpRequest, byte[], string?> check)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var receiver = new CheckingReceiver(builder.Build(), target, check);
        await receiver._app.StartAsync().ConfigureAwait(false);
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/api/v1/write");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body).ConfigureAwait(false);
        var bytes = body.ToArray();
        if (_check(context.Request, bytes) is { } refusal)
        {
            lock (_gate)
            {
                _refusals.Add(refusal);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync(refusal).ConfigureAwait(false);
            return;
        }

        using var forward = new HttpRequestMessage(HttpMethod.Post, Target) { Content = new ByteArrayContent(bytes) };
        foreach (var name in Forwarded)
        {
            var value = context.Request.Headers[name].ToString();
            if (value.Length > 0 && !forward.Headers.TryAddWithoutValidation(name, value))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _forward.SendAsync(forward).ConfigureAwait(false);
        Interlocked.Increment(ref _accepted);
        context.Response.StatusCode = (int)response.StatusCode;
        await response.Content.CopyToAsync(context.Response.Body).ConfigureAwait(false);
    }
}
