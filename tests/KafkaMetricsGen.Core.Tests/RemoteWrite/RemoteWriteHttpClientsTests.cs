using System.Security.Authentication;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>tls_config and basic_auth against a real Prometheus that enforces them (TLS from a private CA, bcrypt user).</summary>
public sealed class RemoteWriteHttpClientsTests(SecuredPrometheus.WithBasicAuth prometheus) : IClassFixture<SecuredPrometheus.WithBasicAuth>, IDisposable
{
    private static readonly TimeSpan Delivered = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(3);
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_private_ca_server_name_and_a_password_file_reach_prometheus()
    {
        var metric = RemoteWriteSender.Metric("rw_tls");
        var (flushed, tenant) = await RemoteWriteSender.SendAsync(Entry(), metric, Delivered);

        Assert.True(flushed, prometheus.Server.Log);
        Assert.Equal(0, RemoteWriteSender.Failed(tenant));
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    [Fact]
    public async Task The_ca_given_inline_works_as_the_ca_file()
    {
        var entry = Entry();
        entry.Tls = new TlsOptions { Ca = await File.ReadAllTextAsync(prometheus.Security.Certificates.CaFile), ServerName = ServerName };
        var metric = RemoteWriteSender.Metric("rw_tls_inline_ca");

        Assert.True((await RemoteWriteSender.SendAsync(entry, metric, Delivered)).Flushed);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    [Fact]
    public async Task A_wrong_password_is_answered_401_and_counted_as_failed()
    {
        var entry = Entry();
        entry.BasicAuth = new BasicAuthOptions { Username = "tempo", Password = "wrong" };
        var metric = RemoteWriteSender.Metric("rw_tls_bad_password");

        var (flushed, tenant) = await RemoteWriteSender.SendAsync(entry, metric, Delivered);

        Assert.True(flushed);
        Assert.Equal(1, RemoteWriteSender.Requests(tenant, "401"));
        Assert.Equal(1, RemoteWriteSender.Failed(tenant));
        Assert.Null(await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    [Fact]
    public async Task Without_the_private_ca_the_receivers_certificate_is_refused()
    {
        var entry = Entry();
        entry.Tls = new TlsOptions { ServerName = ServerName };

        await AssertNotDeliveredAsync(entry);
    }

    [Fact]
    public async Task Without_server_name_the_certificate_does_not_match_the_address()
    {
        var entry = Entry();
        entry.Tls = new TlsOptions { CaFile = prometheus.Security.Certificates.CaFile };

        await AssertNotDeliveredAsync(entry);
    }

    [Fact]
    public async Task Insecure_skip_verify_accepts_the_receiver_without_its_ca()
    {
        var entry = Entry();
        entry.Tls = new TlsOptions { InsecureSkipVerify = true };
        var metric = RemoteWriteSender.Metric("rw_tls_insecure");

        Assert.True((await RemoteWriteSender.SendAsync(entry, metric, Delivered)).Flushed);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }

    [Fact]
    public async Task A_min_version_above_what_the_receiver_speaks_fails_the_handshake()
    {
        var entry = Entry();
        entry.Tls!.MinVersion = SslProtocols.Tls13;

        await AssertNotDeliveredAsync(entry);
    }

    private const string ServerName = KafkaMetricsGen.TestKit.Prometheus.PrometheusWebSecurity.ServerName;

    private RemoteWriteEndpointOptions Entry()
    {
        var passwordFile = Path.Combine(_dir, "password");
        File.WriteAllText(passwordFile, prometheus.Security.Password + "\n");
        return new RemoteWriteEndpointOptions
        {
            Url = prometheus.RemoteWriteUrl,
            Tls = new TlsOptions { CaFile = prometheus.Security.Certificates.CaFile, ServerName = ServerName },
            BasicAuth = new BasicAuthOptions { Username = prometheus.Security.Username!, PasswordFile = passwordFile },
        };
    }

    private async Task AssertNotDeliveredAsync(RemoteWriteEndpointOptions entry)
    {
        var metric = RemoteWriteSender.Metric("rw_tls_refused");
        var (flushed, tenant) = await RemoteWriteSender.SendAsync(entry, metric, Refused);

        Assert.False(flushed);
        Assert.True(RemoteWriteSender.Requests(tenant, RemoteWriteMetricNames.StatusNetworkError) >= 1);
        Assert.Null(await RemoteWriteSender.ValueAsync(prometheus.Server, metric));
    }
}
