using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KafkaMetricsGen.TestKit.Prometheus;

/// <summary>
/// What a <see cref="PrometheusServer"/> enforces through its <c>--web.config.file</c>: TLS with a certificate from a
/// private CA (its only name is <see cref="ServerName"/>, so clients must send it), optionally client certificates
/// signed by the same CA (mutual TLS), a highest TLS version, and basic auth users with bcrypt hashes.
/// </summary>
public sealed class PrometheusWebSecurity : IDisposable
{
    /// <summary>The DNS name in the server certificate (no IP address, so connecting to 127.0.0.1 needs server_name).</summary>
    public const string ServerName = "prometheus.test";

    private readonly (string Cert, string Key) _server;
    private readonly (string Cert, string Key)? _client;

    public PrometheusWebSecurity(bool requireClientCertificates = false, string? username = null, string? password = null, string? maxTlsVersion = null)
    {
        Certificates = new TestCertificates();
        _server = Certificates.Issue("prometheus", server: true, ServerName);
        if (requireClientCertificates)
        {
            _client = Certificates.Issue("client", server: false);
        }

        Username = username;
        Password = password;
        var yaml = new StringBuilder();
        yaml.Append("tls_server_config:\n")
            .Append("  cert_file: ").Append(_server.Cert).Append('\n')
            .Append("  key_file: ").Append(_server.Key).Append('\n');
        if (maxTlsVersion is not null)
        {
            yaml.Append("  max_version: ").Append(maxTlsVersion).Append('\n');
        }

        if (requireClientCertificates)
        {
            yaml.Append("  client_auth_type: RequireAndVerifyClientCert\n")
                .Append("  client_ca_file: ").Append(Certificates.CaFile).Append('\n');
        }

        if (username is not null)
        {
            yaml.Append("basic_auth_users:\n  ").Append(username).Append(": '")
                .Append(BCrypt.Net.BCrypt.HashPassword(password, workFactor: 6)).Append("'\n");
        }

        WebConfigYaml = yaml.ToString();
    }

    public TestCertificates Certificates { get; }

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>The client certificate and key files (PEM) when client certificates are required.</summary>
    public (string CertFile, string KeyFile)? ClientCertificate => _client is { } c ? (c.Cert, c.Key) : null;

    public string WebConfigYaml { get; }

    /// <summary>A client for the test's own queries: trusts the CA, presents the client certificate, sends basic auth.</summary>
    public HttpClient CreateQueryClient()
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => Certificates.Signed(certificate),
        };
        if (_client is { } client)
        {
            handler.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12(
                X509Certificate2.CreateFromPemFile(client.Cert, client.Key).Export(X509ContentType.Pkcs12), null));
        }

        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        if (Username is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password)));
        }

        return http;
    }

    public void Dispose() => Certificates.Dispose();
}
