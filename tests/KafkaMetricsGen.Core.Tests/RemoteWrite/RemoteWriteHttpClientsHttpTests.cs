using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>follow_redirects, enable_http2 and proxy_url/no_proxy through a recording receiver, a forward proxy and a real Prometheus.</summary>
public sealed class RemoteWriteHttpClientsHttpTests(PrometheusServer prometheus) : IClassFixture<PrometheusServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_redirect_is_followed_by_default()
    {
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync();
        receiver.Script(new ScriptedResponse(307, Location: receiver.Url + "?moved=1"));

        var (flushed, tenant) = await RemoteWriteSender.SendAsync(new RemoteWriteEndpointOptions { Url = receiver.Url.ToString() }, "up", Deadline);

        Assert.True(flushed);
        Assert.Equal([307, 204], receiver.Writes.Select(w => w.StatusReturned));
        Assert.Equal("up", Assert.Single(receiver.Writes[1].Request!.Timeseries).Labels[0].Value);
        Assert.Equal(1, RemoteWriteMetrics.SamplesSent.WithLabels(tenant, "0").Value);
    }

    [Fact]
    public async Task With_follow_redirects_off_a_redirect_counts_as_failed()
    {
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync();
        receiver.Script(new ScriptedResponse(307, Location: receiver.Url + "?moved=1"));

        var entry = new RemoteWriteEndpointOptions { Url = receiver.Url.ToString(), FollowRedirects = false };
        var (flushed, tenant) = await RemoteWriteSender.SendAsync(entry, "up", Deadline);

        Assert.True(flushed);
        Assert.Equal([307], receiver.Writes.Select(w => w.StatusReturned));
        Assert.Equal(1, RemoteWriteSender.Failed(tenant));
    }

    [Theory]
    [InlineData(true, "HTTP/2")]
    [InlineData(false, "HTTP/1.1")]
    public async Task Enable_http2_decides_the_protocol_negotiated_over_tls(bool enableHttp2, string protocol)
    {
        using var certificates = new TestCertificates();
        using var certificate = ServerCertificate(certificates);
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync(certificate);

        var entry = new RemoteWriteEndpointOptions
        {
            Url = receiver.Url.ToString(),
            EnableHttp2 = enableHttp2,
            Tls = new TlsOptions { CaFile = certificates.CaFile, ServerName = "receiver.test" },
        };
        Assert.True((await RemoteWriteSender.SendAsync(entry, "up", Deadline)).Flushed);

        Assert.Equal(protocol, Assert.Single(receiver.Writes).Protocol);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12, true)]
    [InlineData(SslProtocols.Tls13, false)]
    public async Task Max_version_below_what_the_receiver_requires_fails_the_handshake(SslProtocols receiverVersion, bool delivered)
    {
        using var certificates = new TestCertificates();
        using var certificate = ServerCertificate(certificates);
        await using var receiver = await RecordingRemoteWriteEndpoint.StartAsync(certificate, receiverVersion);

        var entry = new RemoteWriteEndpointOptions
        {
            Url = receiver.Url.ToString(),
            Tls = new TlsOptions { CaFile = certificates.CaFile, ServerName = "receiver.test", MaxVersion = SslProtocols.Tls12 },
        };
        var (flushed, _) = await RemoteWriteSender.SendAsync(entry, "up", delivered ? Deadline : TimeSpan.FromSeconds(3));

        Assert.Equal(delivered, flushed);
        Assert.Equal(delivered ? 1 : 0, receiver.Writes.Count);
    }

    [Fact]
    public async Task Proxy_url_carries_the_writes_to_prometheus_with_its_credentials()
    {
        await using var proxy = await ForwardProxy.StartAsync("proxy-user", "proxy-pass");
        var entry = new RemoteWriteEndpointOptions
        {
            Url = prometheus.RemoteWriteUrl.ToString(),
            ProxyUrl = $"http://proxy-user:proxy-pass@127.0.0.1:{proxy.Url.Port}/",
        };
        var metric = RemoteWriteSender.Metric("rw_proxy");

        Assert.True((await RemoteWriteSender.SendAsync(entry, metric, Deadline)).Flushed, prometheus.Log);

        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
        Assert.Equal(1, proxy.Forwarded);
        Assert.Equal(1, proxy.Challenged);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.0/8, 127.0.0.0/8")]
    [InlineData("*")]
    public async Task No_proxy_naming_the_receiver_bypasses_the_proxy(string noProxy)
    {
        await using var proxy = await ForwardProxy.StartAsync();
        var entry = new RemoteWriteEndpointOptions { Url = prometheus.RemoteWriteUrl.ToString(), ProxyUrl = proxy.Url.ToString(), NoProxy = noProxy };
        var metric = RemoteWriteSender.Metric("rw_no_proxy");

        Assert.True((await RemoteWriteSender.SendAsync(entry, metric, Deadline)).Flushed);

        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
        Assert.Equal(0, proxy.Forwarded);
    }

    [Fact]
    public async Task No_proxy_naming_another_host_keeps_the_proxy()
    {
        await using var proxy = await ForwardProxy.StartAsync();
        var entry = new RemoteWriteEndpointOptions { Url = prometheus.RemoteWriteUrl.ToString(), ProxyUrl = proxy.Url.ToString(), NoProxy = ".internal.example, 10.1.2.3" };

        Assert.True((await RemoteWriteSender.SendAsync(entry, RemoteWriteSender.Metric("rw_proxy_kept"), Deadline)).Flushed);

        Assert.Equal(1, proxy.Forwarded);
    }

    private static X509Certificate2 ServerCertificate(TestCertificates certificates)
    {
        var (cert, key) = certificates.Issue("receiver", server: true, "receiver.test");
        using var ephemeral = X509Certificate2.CreateFromPemFile(cert, key);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
