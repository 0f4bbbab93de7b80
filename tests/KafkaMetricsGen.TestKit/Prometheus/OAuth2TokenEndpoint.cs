using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>
/// An OAuth 2.0 token endpoint (Kestrel, RFC 6749 client credentials): it authenticates the client by HTTP Basic or
/// by form fields, records each token request, and issues numbered bearer tokens that it can revoke; a
/// <see cref="CheckingReceiver"/> asks <see cref="IsValid"/> before letting a write through.
/// </summary>
public sealed class OAuth2TokenEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _valid = [];
    private readonly List<Dictionary<string, string>> _requests = [];
    private int _issued;

    private OAuth2TokenEndpoint(WebApplication app)
    {
        _app = app;
        _app.MapPost("/oauth2/token", HandleAsync);
    }

    public const string ClientId = "kafka metrics/gen";

    /// <summary>The secret the client must present (may change while running).</summary>
    public string Secret { get; set; } = "s3cret&+";

    /// <summary>Refuse HTTP Basic client authentication (some endpoints want the secret as a form field).</summary>
    public bool SecretInBodyOnly { get; set; }

    /// <summary><c>expires_in</c> of the tokens issued, seconds; 0 leaves it out.</summary>
    public int ExpiresIn { get; set; } = 3600;

    public Uri Url { get; private set; } = null!;

    /// <summary>The form fields of every authenticated token request, plus <c>auth</c>: basic or body.</summary>
    public IReadOnlyList<Dictionary<string, string>> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<OAuth2TokenEndpoint> StartAsync(X509Certificate2? certificate = null, TestCertificates? clientCa = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    if (clientCa is not null)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (client, _, _) => clientCa.Signed(client);
                    }
                });
            }
        }));
        var endpoint = new OAuth2TokenEndpoint(builder.Build());
        await endpoint._app.StartAsync().ConfigureAwait(false);
        var address = endpoint._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Url = new Uri(new Uri(address), "/oauth2/token");
        return endpoint;
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer</c> and a token issued and not revoked.</summary>
    public bool IsValid(string authorization)
    {
        lock (_gate)
        {
            return authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _valid.Contains(authorization["Bearer ".Length..]);
        }
    }

    /// <summary>Revokes every token issued so far (a receiver answers 401 to them from now on).</summary>
    public void RevokeAll()
    {
        lock (_gate)
        {
            _valid.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync().ConfigureAwait(false)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        string? id = null, secret = null;
        var basic = context.Request.Headers.Authorization.ToString();
        if (basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            if (SecretInBodyOnly)
            {
                await RefuseAsync(context).ConfigureAwait(false);
                return;
            }

            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic["Basic ".Length..]));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            (id, secret) = (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
            form["auth"] = "basic";
        }
        else
        {
            id = form.GetValueOrDefault("client_id");
            secret = form.GetValueOrDefault("client_secret");
            form["auth"] = "body";
        }

        if (id != ClientId || secret != Secret || form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            await RefuseAsync(context).ConfigureAwait(false);
            return;
        }

        string token;
        lock (_gate)
        {
            _requests.Add(form);
            token = "token-" + ++_issued;
            _valid.Add(token);
        }

        var answer = new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "bearer" };
        if (ExpiresIn > 0)
        {
            answer["expires_in"] = ExpiresIn;
        }

        await context.Response.WriteAsJsonAsync(answer).ConfigureAwait(false);
    }

    private static async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "invalid_client" }).ConfigureAwait(false);
    }
}
