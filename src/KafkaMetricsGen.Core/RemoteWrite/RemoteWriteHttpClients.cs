using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// One <see cref="HttpClient"/> per remote-write entry, built from its transport settings: <c>tls_config</c>,
/// <c>proxy_url</c>/<c>no_proxy</c>/<c>proxy_from_environment</c> and <c>follow_redirects</c> (<c>enable_http2</c>
/// and <c>remote_timeout</c> act per request). Every tenant writing through the same entry shares its client and
/// connection pool. The clients' own timeout is infinite: <c>remote_timeout</c> is applied per request through the
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class RemoteWriteHttpClients : IDisposable
{
    private readonly Dictionary<RemoteWriteEndpointOptions, HttpClient> _clients = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    public HttpClient For(RemoteWriteEndpointOptions entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!_clients.TryGetValue(entry, out var client))
            {
                client = new HttpClient(CreateHandler(entry)) { Timeout = Timeout.InfiniteTimeSpan };
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
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = entry.FollowRedirects,
            UseProxy = entry.ProxyUrl is not null || entry.ProxyFromEnvironment,
            Proxy = entry.ProxyUrl is { } proxy ? new NoProxyWebProxy(new Uri(proxy), entry.NoProxy) : null,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (entry.Tls is { } tls)
        {
            handler.SslOptions = SslOptions(tls);
        }

        return handler;
    }

    private static SslClientAuthenticationOptions SslOptions(TlsOptions tls)
    {
        // The handler sends the URL's host as SNI and would check the certificate against it; with server_name the
        // certificate is checked against server_name instead (below), as Go's ServerName does.
        var options = new SslClientAuthenticationOptions { EnabledSslProtocols = tls.Protocols };
        var caPem = tls.CaFile is { } caFile ? File.ReadAllText(caFile) : tls.Ca;
        var roots = new X509Certificate2Collection();
        if (caPem is not null)
        {
            roots.ImportFromPem(caPem);
            if (roots.Count == 0)
            {
                throw new ArgumentException("tls_config." + (tls.CaFile is null ? "ca" : "ca_file") + ": no PEM certificate found");
            }
        }

        var serverName = tls.ServerName is { Length: > 0 } name ? name : null;
        options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            tls.InsecureSkipVerify || Verify(certificate, errors, roots, serverName);

        var certPem = tls.CertFile is { } certFile ? File.ReadAllText(certFile) : tls.Cert;
        var keyPem = tls.KeyFile is { } keyFile ? File.ReadAllText(keyFile) : tls.Key;
        if (certPem is not null && keyPem is not null)
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);

            // A PKCS#12 round trip gives the TLS stack a certificate whose key it can use on every platform.
            var client = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            options.ClientCertificates = [client];
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
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
