using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>A tenant's <c>remote_write_url</c> listing two endpoints, against two real Prometheus instances.</summary>
public sealed class TenantRemoteWriteUrlsTests(SecuredPrometheus.WithBasicAuth secured, PrometheusServer plain)
    : IClassFixture<SecuredPrometheus.WithBasicAuth>, IClassFixture<PrometheusServer>, IDisposable
{
    private static readonly TimeSpan Delivered = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-urls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Each_listed_url_gets_the_series_with_the_first_entrys_credentials_and_tls()
    {
        var metric = RemoteWriteSender.Metric("rw_tenant_urls");
        var overrides = new RemoteWriteTenantOverrides { Urls = [secured.RemoteWriteUrl, plain.RemoteWriteUrl.ToString()] };

        var (flushed, tenant) = await RemoteWriteSender.SendAsync(Entry(secured.Security.Password!), metric, Delivered, overrides);

        Assert.True(flushed, secured.Server.Log);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(secured.Server, metric));
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(plain, metric));
        Assert.Equal(1, RemoteWriteMetrics.SamplesSent.WithLabels(tenant, "mimir-0").Value);
        Assert.Equal(1, RemoteWriteMetrics.SamplesSent.WithLabels(tenant, "mimir-1").Value);
    }

    [Fact]
    public async Task Each_url_has_a_queue_of_its_own_so_one_refusing_does_not_hold_back_the_other()
    {
        var metric = RemoteWriteSender.Metric("rw_tenant_urls_one_refused");
        var overrides = new RemoteWriteTenantOverrides { Urls = [secured.RemoteWriteUrl, plain.RemoteWriteUrl.ToString()] };

        var (flushed, tenant) = await RemoteWriteSender.SendAsync(Entry("wrong-password"), metric, Delivered, overrides);

        Assert.True(flushed);
        Assert.Equal(1, RemoteWriteMetrics.Requests.WithLabels(tenant, "mimir-0", "401").Value);
        Assert.Null(await RemoteWriteSender.ValueAsync(secured.Server, metric));
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(plain, metric));
    }

    /// <summary>The configured entry: its own URL is replaced by the tenant's; name, credentials and TLS are kept.</summary>
    private RemoteWriteEndpointOptions Entry(string password)
    {
        var passwordFile = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllText(passwordFile, password + "\n");
        return new RemoteWriteEndpointOptions
        {
            Url = "http://configured-but-replaced.invalid:9090/api/v1/write",
            Name = "mimir",
            Tls = new TlsOptions { CaFile = secured.Security.Certificates.CaFile, ServerName = PrometheusWebSecurity.ServerName },
            BasicAuth = new BasicAuthOptions { Username = secured.Security.Username!, PasswordFile = passwordFile },
        };
    }
}
