using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using KafkaMetricsGen.Wire.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Snappier;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>
/// A real HTTP remote-write receiver on 127.0.0.1 (Kestrel, port 0) that records every request, decodes its
/// snappy + protobuf body with the generated <see cref="WriteRequest"/> parser, and answers from a script
/// (default 204). Used to test headers, retries and outages without a Prometheus.
/// </summary>
public sealed class RecordingRemoteWriteEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly List<RecordedWrite> _writes = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _received = new(0);
    private readonly CancellationTokenSource _stopping = new();

    private RecordingRemoteWriteEndpoint(WebApplication app)
    {
        _app = app;
        _app.MapPost("/api/v1/write", HandleAsync);
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedWrite> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    /// <param name="certificate">With one, the endpoint serves HTTPS and offers HTTP/2 and HTTP/1.1.</param>
    /// <param name="tlsProtocols">The TLS versions it accepts (default: the platform's).</param>
    public static async Task<RecordingRemoteWriteEndpoint> StartAsync(X509Certificate2? certificate = null, SslProtocols tlsProtocols = SslProtocols.None)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    https.SslProtocols = tlsProtocols;
                });
            }
        }));
        var endpoint = new RecordingRemoteWriteEndpoint(builder.Build());
        await endpoint._app.StartAsync().ConfigureAwait(false);
        var address = endpoint._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Url = new Uri(new Uri(address), "/api/v1/write");
        return endpoint;
    }

    /// <summary>Answers the next requests with these responses, in order; after them, 204.</summary>
    public void Script(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>Waits (up to 30 s) until at least <paramref name="count"/> requests arrived.</summary>
    public async Task<IReadOnlyList<RecordedWrite>> WaitForWritesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Writes.Count < count)
        {
            await _received.WaitAsync(timeout.Token).ConfigureAwait(false);
        }

        return Writes;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _received.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var response = _script.TryDequeue(out var next) ? next : ScriptedResponse.Ok;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body).ConfigureAwait(false);
        WriteRequest? request = null;
        try
        {
            request = WriteRequest.Parser.ParseFrom(Snappy.DecompressToArray(body.ToArray()));
        }
        catch (Exception e) when (e is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException)
        {
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key.ToLowerInvariant()] = header.Value.ToString();
        }

        lock (_gate)
        {
            _writes.Add(new RecordedWrite(headers, request, response.Status) { Protocol = context.Request.Protocol });
        }

        _received.Release();
        if (response.Hang)
        {
            using var hang = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, hang.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        if (response.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = response.RetryAfter;
        }

        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }

        context.Response.StatusCode = response.Status;
    }
}
