namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>tls_config cert/key (mutual TLS) against a real Prometheus that requires client certificates.</summary>
public sealed class RemoteWriteHttpClientsMutualTlsTests(SecuredPrometheus.WithClientCertificates prometheus) : IClassFixture<SecuredPrometheus.WithClientCertificates>
{
    private const string ServerName = KafkaMetricsGen.TestKit.Prometheus.PrometheusWebSecurity.ServerName;

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

    private RemoteWriteEndpointOptions Entry(TlsOptions tls) => new() { Url = prometheus.RemoteWriteUrl, Tls = tls };
}
