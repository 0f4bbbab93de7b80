using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Class fixtures: a real Prometheus behind TLS from a private CA (highest version TLS 1.2) with a basic auth user,
/// and one that requires client certificates.
/// </summary>
public abstract class SecuredPrometheus : IAsyncLifetime
{
    protected SecuredPrometheus(PrometheusWebSecurity security)
    {
        Security = security;
        Server = PrometheusServer.Secured(security);
    }

    public PrometheusWebSecurity Security { get; }

    public PrometheusServer Server { get; }

    /// <summary>The receiver's URL as a client sees it (by IP address: the certificate's name must be sent as server_name).</summary>
    public string RemoteWriteUrl => Server.RemoteWriteUrl.ToString();

    public Task InitializeAsync() => Server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Security.Dispose();
    }

    public sealed class WithBasicAuth() : SecuredPrometheus(new PrometheusWebSecurity(username: "tempo", password: "s3cret-pass", maxTlsVersion: "TLS12"));

    public sealed class WithClientCertificates() : SecuredPrometheus(new PrometheusWebSecurity(requireClientCertificates: true));
}
