using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// One <see cref="HttpClient"/> per remote-write entry, built from its transport settings: <c>tls_config</c>,
/// <c>proxy_url</c>/<c>no_proxy</c>/<c>proxy_from_environment</c> and <c>follow_redirects</c> (<c>enable_http2</c>
/// and <c>remote_timeout</c> act per request). Every tenant writing through the same entry shares its client and
/// connection pool; <c>sigv4</c> and <c>oauth2</c> sit on top of the transport as handlers. The clients' own timeout is infinite: <c>remote_timeout</c> is applied per request through the
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class RemoteWriteHttpClients : IDisposable
{
    private readonly Dictionary<RemoteWriteEndpointOptions, HttpClient> _clients = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Func<string, string?> _environment;

    /// <param name="time">The clock of oauth2 token expiry and sigv4 signatures (default: the system's).</param>
    /// <param name="environment">Where sigv4 reads the AWS environment variables (default: the process environment).</param>
    public RemoteWriteHttpClients(TimeProvider? time = null, Func<string, string?>? environment = null)
    {
        _time = time ?? TimeProvider.System;
        _environment = environment ?? AwsEnvironment.Process;
    }

    public HttpClient For(RemoteWriteEndpointOptions entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!_clients.TryGetValue(entry, out var client))
            {
                client = new HttpClient(CreatePipeline(entry, _time, _environment)) { Timeout = Timeout.InfiniteTimeSpan };
                _clients[entry] = client;
            }

            return client;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }

    /// <summary>The handler for <paramref name="entry"/>; throws <see cref="ArgumentException"/> naming the key when a
    /// certificate or key cannot be loaded.</summary>
    public static SocketsHttpHandler CreateHandler(RemoteWriteEndpointOptions entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return CreateHandler(entry.Tls, entry.ProxyUrl, entry.NoProxy, entry.ProxyFromEnvironment, entry.FollowRedirects);
    }

    /// <summary>The handler of an <c>oauth2</c> token endpoint, from the block's own TLS and proxy settings.</summary>
    public static SocketsHttpHandler CreateHandler(OAuth2Options oauth2)
    {
        ArgumentNullException.ThrowIfNull(oauth2);
        return CreateHandler(oauth2.Tls, oauth2.ProxyUrl, oauth2.NoProxy, oauth2.ProxyFromEnvironment, followRedirects: true);
    }

    /// <summary>
    /// The whole pipeline of <paramref name="entry"/>: its transport, then request signing (<c>sigv4</c>) or tokens
    /// (<c>oauth2</c>) on top. Throws <see cref="ArgumentException"/> naming the key when the entry cannot be served.
    /// </summary>
    public static HttpMessageHandler CreatePipeline(RemoteWriteEndpointOptions entry, TimeProvider time, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(entry);
        HttpMessageHandler handler = CreateHandler(entry);
        if (entry.SigV4 is { } sigv4)
        {
            handler = new SigV4Handler(AwsCredentialSource.Resolve(sigv4, environment, "sigv4"), SigV4Options.Service, time, handler);
        }

        if (entry.OAuth2 is { } oauth2)
        {
            var tokens = new OAuth2TokenSource(oauth2, new HttpClient(CreateHandler(oauth2)) { Timeout = entry.RemoteTimeout }, time);
            handler = new OAuth2Handler(tokens, handler);
        }

        return handler;
    }

    private static SocketsHttpHandler CreateHandler(TlsOptions? tls, string? proxyUrl, string? noProxy, bool proxyFromEnvironment, bool followRedirects)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            UseProxy = proxyUrl is not null || proxyFromEnvironment,
            Proxy = proxyUrl is { } proxy ? new NoProxyWebProxy(new Uri(proxy), noProxy) : null,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (tls is not null)
        {
            handler.SslOptions = SslOptions(tls);
        }

        return handler;
    }

    private static SslClientAuthenticationOptions SslOptions(TlsOptions tls)
    {
        // The handler sends the URL's host as SNI and would check the certificate against it; with server_name the
        // certificate is checked against server_name instead (below), as Go's ServerName does. The certificates are
        // looked up at each handshake, so rewritten files are used by the next connection.
        var material = new TlsMaterial(tls);
        var options = new SslClientAuthenticationOptions { EnabledSslProtocols = tls.Protocols };
        var serverName = tls.ServerName is { Length: > 0 } name ? name : null;
        options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            tls.InsecureSkipVerify || Verify(certificate, errors, material.Roots, serverName);
        if ((tls.Cert ?? tls.CertFile) is not null)
        {
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => material.ClientCertificate!;
        }

        return options;
    }

    /// <summary>
    /// The receiver's certificate must carry the expected name (server_name, else the URL's host) and chain to a
    /// configured CA certificate, or to the system's trust store when none is configured.
    /// </summary>
    private static bool Verify(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots, string? serverName)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var nameMatches = serverName is null
            ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            : leaf.MatchesHostname(serverName);
        if (!nameMatches)
        {
            return false;
        }

        if (roots.Count == 0)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
