using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>tls_config cert/key (mutual TLS) and certificate rotation against a real Prometheus that requires client certificates.</summary>
public sealed class RemoteWriteHttpClientsMutualTlsTests(SecuredPrometheus.WithClientCertificates prometheus) : IClassFixture<SecuredPrometheus.WithClientCertificates>
{
    private const string ServerName = PrometheusWebSecurity.ServerName;

    [Fact]
    public async Task The_client_certificate_from_cert_file_and_key_file_is_accepted()
    {
        var (cert, key) = prometheus.Security.ClientCertificate!.Value;
        var entry = Entry(new TlsOptions { CaFile = prometheus.Security.Certificates.CaFile, ServerName = ServerName, CertFile = cert, KeyFile = key });
        var metric = RemoteWriteSender.Metric("rw_mtls");

        var (flushed, _) = await RemoteWriteSender.SendAsync(entry, metric, TimeSpan.FromSeconds(60));

        Assert.True(flushed, prometheus.Server.Log);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    [Fact]
    public async Task The_client_certificate_given_inline_is_accepted()
    {
        var (cert, key) = prometheus.Security.ClientCertificate!.Value;
        var entry = Entry(new TlsOptions
        {
            CaFile = prometheus.Security.Certificates.CaFile,
            ServerName = ServerName,
            Cert = await File.ReadAllTextAsync(cert),
            Key = await File.ReadAllTextAsync(key),
        });
        var metric = RemoteWriteSender.Metric("rw_mtls_inline");

        Assert.True((await RemoteWriteSender.SendAsync(entry, metric, TimeSpan.FromSeconds(60))).Flushed);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    [Fact]
    public async Task Without_a_client_certificate_the_receiver_refuses_the_connection()
    {
        var entry = Entry(new TlsOptions { CaFile = prometheus.Security.Certificates.CaFile, ServerName = ServerName });
        var metric = RemoteWriteSender.Metric("rw_mtls_refused");

        var (flushed, tenant) = await RemoteWriteSender.SendAsync(entry, metric, TimeSpan.FromSeconds(3));

        Assert.False(flushed);
        Assert.True(RemoteWriteSender.Requests(tenant, RemoteWriteMetricNames.StatusNetworkError) >= 1);
        Assert.Null(await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    [Fact]
    public async Task A_rewritten_cert_file_and_key_file_are_used_by_the_next_connection_without_a_restart()
    {
        using var otherCa = new TestCertificates();
        var (untrustedCert, untrustedKey) = otherCa.Issue("untrusted-client", server: false);
        var (cert, key) = prometheus.Security.ClientCertificate!.Value;
        using var files = new TestCertificates();
        var certFile = Path.Combine(files.Directory, "client.pem");
        var keyFile = Path.Combine(files.Directory, "client-key.pem");
        File.Copy(untrustedCert, certFile);
        File.Copy(untrustedKey, keyFile);
        using var clients = new RemoteWriteHttpClients();
        var entry = Entry(new TlsOptions { CaFile = prometheus.Security.Certificates.CaFile, ServerName = ServerName, CertFile = certFile, KeyFile = keyFile });

        var (refused, tenant) = await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_mtls_before"), TimeSpan.FromSeconds(3));
        Assert.False(refused);
        Assert.True(RemoteWriteSender.Requests(tenant, RemoteWriteMetricNames.StatusNetworkError) >= 1);

        File.Copy(cert, certFile, overwrite: true);
        File.Copy(key, keyFile, overwrite: true);
        var metric = RemoteWriteSender.Metric("rw_mtls_rotated");
        Assert.True((await SendAsync(clients, entry, metric, TimeSpan.FromSeconds(60))).Flushed, prometheus.Server.Log);

        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    [Fact]
    public async Task A_rewritten_ca_file_is_used_by_the_next_connection_without_a_restart()
    {
        using var otherCa = new TestCertificates();
        var (cert, key) = prometheus.Security.ClientCertificate!.Value;
        var caFile = Path.Combine(otherCa.Directory, "trusted.pem");
        File.Copy(otherCa.CaFile, caFile);
        using var clients = new RemoteWriteHttpClients();
        var entry = Entry(new TlsOptions { CaFile = caFile, ServerName = ServerName, CertFile = cert, KeyFile = key });

        var (flushed, tenant) = await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_ca_before"), TimeSpan.FromSeconds(3));
        Assert.False(flushed);
        Assert.True(RemoteWriteSender.Requests(tenant, RemoteWriteMetricNames.StatusNetworkError) >= 1);

        File.Copy(prometheus.Security.Certificates.CaFile, caFile, overwrite: true);
        var metric = RemoteWriteSender.Metric("rw_ca_rotated");
        Assert.True((await SendAsync(clients, entry, metric, TimeSpan.FromSeconds(60))).Flushed, prometheus.Server.Log);

        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    /// <summary>Sends through <paramref name="clients"/>, the same connection pool and TLS settings each time.</summary>
    private static async Task<(bool Flushed, string Tenant)> SendAsync(RemoteWriteHttpClients clients, RemoteWriteEndpointOptions entry, string metric, TimeSpan deadline)
    {
        var tenant = "tls-" + Guid.NewGuid().ToString("N")[..8];
        using var writer = new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, tenant, null, clients, TimeProvider.System);
        writer.AppendSample(TestLabels.Of("__name__", metric), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 42);
        writer.Commit(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return (await writer.FlushAsync(deadline), tenant);
    }

    private RemoteWriteEndpointOptions Entry(TlsOptions tls) => new() { Url = prometheus.RemoteWriteUrl, Tls = tls };
}
