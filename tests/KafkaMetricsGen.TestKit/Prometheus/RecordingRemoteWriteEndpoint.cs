using System.Collections.Concurrent;
using System.Globalization;
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
using V2 = KafkaMetricsGen.Wire.Prometheus.V2;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>
/// A real HTTP remote-write receiver on 127.0.0.1 (Kestrel, port 0) that records every request, decodes its
/// snappy + protobuf body with the generated <see cref="WriteRequest"/> parser (or the 2.0 <c>Request</c> parser,
/// by Content-Type), and answers from a script
/// (default 204). Used to test headers, retries and outages without a Prometheus.
/// </summary>
public sealed class RecordingRemoteWriteEndpoint : IAsyncDisposable
{
    private const string V2ProtoParameter = "proto=io.prometheus.write.v2.Request";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly List<RecordedWrite> _writes = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _received = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource? _hold;

    private RecordingRemoteWriteEndpoint(WebApplication app)
    {
        _app = app;
        _app.MapPost("/api/v1/write", HandleAsync);
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>
    /// When true the endpoint answers a remote write 2.0 request (Content-Type with
    /// <c>proto=io.prometheus.write.v2.Request</c>) as a 2.0 receiver does, with the
    /// <c>X-Prometheus-Remote-Write-{Samples,Histograms,Exemplars}-Written</c> headers; when false it answers like a
    /// 1.0-only receiver (no such headers). A 2.0 body is decoded either way (<see cref="RecordedWrite.V2Request"/>).
    /// </summary>
    public bool SpeaksV2 { get; set; }

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

    /// <summary>Holds every request (recorded, unanswered) from now until <see cref="Release"/>; for counting parallel sends.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Answers the held requests and stops holding.</summary>
    public void Release()
    {
        TaskCompletionSource? hold;
        lock (_gate)
        {
            hold = _hold;
            _hold = null;
        }

        hold?.TrySetResult();
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
        V2.Request? v2 = null;
        try
        {
            var decompressed = Snappy.DecompressToArray(body.ToArray());
            if (context.Request.ContentType?.Contains(V2ProtoParameter, StringComparison.Ordinal) == true)
            {
                v2 = V2.Request.Parser.ParseFrom(decompressed);
            }
            else
            {
                request = WriteRequest.Parser.ParseFrom(decompressed);
            }
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
            _writes.Add(new RecordedWrite(headers, request, response.Status) { Protocol = context.Request.Protocol, V2Request = v2 });
        }

        _received.Release();
        TaskCompletionSource? held;
        lock (_gate)
        {
            held = _hold;
        }

        if (held is not null)
        {
            try
            {
                await held.Task.WaitAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

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

        if (v2 is not null && SpeaksV2 && response.Status / 100 == 2)
        {
            // As a 2.0 receiver reports what it stored.
            var samples = 0;
            var histograms = 0;
            var exemplars = 0;
            foreach (var series in v2.Timeseries)
            {
                samples += series.Samples.Count;
                histograms += series.Histograms.Count;
                exemplars += series.Exemplars.Count;
            }

            context.Response.Headers["X-Prometheus-Remote-Write-Samples-Written"] = samples.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Prometheus-Remote-Write-Histograms-Written"] = histograms.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Prometheus-Remote-Write-Exemplars-Written"] = exemplars.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = response.Status;
    }
}
