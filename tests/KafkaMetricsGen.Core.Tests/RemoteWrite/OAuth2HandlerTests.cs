using System.Security.Cryptography.X509Certificates;
using KafkaMetricsGen.TestKit.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// oauth2 end to end: tokens from an in-test token endpoint, a receiver that lets only valid bearer tokens through to
/// a real Prometheus.
/// </summary>
public sealed class OAuth2HandlerTests(PrometheusServer prometheus) : IClassFixture<PrometheusServer>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-oauth2-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_token_from_the_token_url_lets_the_writes_into_prometheus_and_is_reused_until_it_expires()
    {
        await using var tokens = await OAuth2TokenEndpoint.StartAsync();
        await using var receiver = await Receiver(tokens);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var clients = new RemoteWriteHttpClients(time);
        var entry = Entry(receiver, new OAuth2Options
        {
            ClientId = OAuth2TokenEndpoint.ClientId,
            ClientSecret = tokens.Secret,
            TokenUrl = tokens.Url.ToString(),
            Scopes = ["metrics:write", "profile"],
            EndpointParams = new() { ["audience"] = "https://prometheus.example" },
        });

        Assert.True((await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_oauth2_a"))).Flushed);
        Assert.True((await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_oauth2_b"))).Flushed);
        Assert.Single(tokens.Requests);

        // expires_in 3600: refreshed once less than the margin is left.
        time.Advance(TimeSpan.FromSeconds(3600) - OAuth2TokenSource.ExpiryMargin + TimeSpan.FromSeconds(1));
        var metric = RemoteWriteSender.Metric("rw_oauth2_c");
        Assert.True((await SendAsync(clients, entry, metric)).Flushed);

        Assert.Equal(2, tokens.Requests.Count);
        Assert.Empty(receiver.Refusals);
        Assert.Equal(3, receiver.Accepted);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
        var request = tokens.Requests[0];
        Assert.Equal("basic", request["auth"]);
        Assert.Equal("client_credentials", request["grant_type"]);
        Assert.Equal("metrics:write profile", request["scope"]);
        Assert.Equal("https://prometheus.example", request["audience"]);
    }

    [Fact]
    public async Task A_token_without_expires_in_is_kept_until_the_receiver_refuses_it()
    {
        await using var tokens = await OAuth2TokenEndpoint.StartAsync();
        tokens.ExpiresIn = 0;
        await using var receiver = await Receiver(tokens);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var clients = new RemoteWriteHttpClients(time);
        var entry = Entry(receiver, new OAuth2Options { ClientId = OAuth2TokenEndpoint.ClientId, ClientSecret = tokens.Secret, TokenUrl = tokens.Url.ToString() });

        Assert.True((await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_oauth2_forever_a"))).Flushed);
        time.Advance(TimeSpan.FromDays(30));
        Assert.True((await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_oauth2_forever_b"))).Flushed);

        Assert.Single(tokens.Requests);
        Assert.Equal(2, receiver.Accepted);
    }

    [Fact]
    public async Task A_401_from_the_receiver_fetches_a_new_token_once_and_the_write_goes_through()
    {
        await using var tokens = await OAuth2TokenEndpoint.StartAsync();
        await using var receiver = await Receiver(tokens);
        using var clients = new RemoteWriteHttpClients();
        var entry = Entry(receiver, new OAuth2Options { ClientId = OAuth2TokenEndpoint.ClientId, ClientSecret = tokens.Secret, TokenUrl = tokens.Url.ToString() });
        Assert.True((await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_oauth2_before"))).Flushed);

        tokens.RevokeAll();
        var metric = RemoteWriteSender.Metric("rw_oauth2_revoked");
        var (flushed, tenant) = await SendAsync(clients, entry, metric);

        Assert.True(flushed);
        Assert.Single(receiver.Refusals);
        Assert.Equal(2, tokens.Requests.Count);
        Assert.Equal(0, RemoteWriteSender.Failed(tenant));
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    [Fact]
    public async Task A_rewritten_client_secret_file_fetches_a_token_with_the_new_secret()
    {
        await using var tokens = await OAuth2TokenEndpoint.StartAsync();
        await using var receiver = await Receiver(tokens);
        using var clients = new RemoteWriteHttpClients();
        var file = Path.Combine(_dir, "client-secret");
        await File.WriteAllTextAsync(file, tokens.Secret + "\n");
        var entry = Entry(receiver, new OAuth2Options { ClientId = OAuth2TokenEndpoint.ClientId, ClientSecretFile = file, TokenUrl = tokens.Url.ToString() });
        Assert.True((await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_oauth2_file_a"))).Flushed);

        tokens.Secret = "rotated-secret";
        await File.WriteAllTextAsync(file, "rotated-secret\n");
        var metric = RemoteWriteSender.Metric("rw_oauth2_file_b");
        Assert.True((await SendAsync(clients, entry, metric)).Flushed);

        Assert.Equal(2, tokens.Requests.Count);
        Assert.Empty(receiver.Refusals);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    [Fact]
    public async Task A_token_endpoint_that_refuses_basic_authentication_gets_the_secret_as_form_fields()
    {
        await using var tokens = await OAuth2TokenEndpoint.StartAsync();
        tokens.SecretInBodyOnly = true;
        await using var receiver = await Receiver(tokens);
        using var clients = new RemoteWriteHttpClients();
        var entry = Entry(receiver, new OAuth2Options { ClientId = OAuth2TokenEndpoint.ClientId, ClientSecret = tokens.Secret, TokenUrl = tokens.Url.ToString() });
        var metric = RemoteWriteSender.Metric("rw_oauth2_body");

        Assert.True((await SendAsync(clients, entry, metric)).Flushed);

        Assert.Equal("body", Assert.Single(tokens.Requests)["auth"]);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    [Fact]
    public async Task A_wrong_client_secret_sends_nothing_and_counts_credentials_errors()
    {
        await using var tokens = await OAuth2TokenEndpoint.StartAsync();
        await using var receiver = await Receiver(tokens);
        using var clients = new RemoteWriteHttpClients();
        var entry = Entry(receiver, new OAuth2Options { ClientId = OAuth2TokenEndpoint.ClientId, ClientSecret = "wrong", TokenUrl = tokens.Url.ToString() });

        var (flushed, tenant) = await SendAsync(clients, entry, RemoteWriteSender.Metric("rw_oauth2_wrong"), TimeSpan.FromSeconds(3));

        Assert.False(flushed);
        Assert.True(RemoteWriteSender.Requests(tenant, RemoteWriteMetricNames.StatusCredentialsError) >= 1);
        Assert.Equal(0, receiver.Accepted + receiver.Refusals.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_token_endpoint_is_reached_with_its_own_tls_config_private_ca_and_client_certificate(bool inline)
    {
        using var certificates = new TestCertificates();
        var (serverCert, serverKey) = certificates.Issue("token-endpoint", server: true, "login.test");
        using var ephemeral = X509Certificate2.CreateFromPemFile(serverCert, serverKey);
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        await using var tokens = await OAuth2TokenEndpoint.StartAsync(certificate, clientCa: certificates);
        await using var receiver = await Receiver(tokens);
        using var clients = new RemoteWriteHttpClients();
        var (clientCert, clientKey) = certificates.Issue("oauth2-client", server: false);
        var entry = Entry(receiver, new OAuth2Options
        {
            ClientId = OAuth2TokenEndpoint.ClientId,
            ClientSecret = tokens.Secret,
            TokenUrl = tokens.Url.ToString(),
            Tls = inline
                ? new TlsOptions { Ca = await File.ReadAllTextAsync(certificates.CaFile), ServerName = "login.test", Cert = await File.ReadAllTextAsync(clientCert), Key = await File.ReadAllTextAsync(clientKey) }
                : new TlsOptions { CaFile = certificates.CaFile, ServerName = "login.test", CertFile = clientCert, KeyFile = clientKey },
        });
        var metric = RemoteWriteSender.Metric("rw_oauth2_tls");

        Assert.True((await SendAsync(clients, entry, metric)).Flushed);

        Assert.Single(tokens.Requests);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    [Fact]
    public async Task The_token_endpoint_is_reached_through_its_own_proxy_url_and_the_writes_are_not()
    {
        await using var tokens = await OAuth2TokenEndpoint.StartAsync();
        await using var receiver = await Receiver(tokens);
        await using var proxy = await ForwardProxy.StartAsync();
        using var clients = new RemoteWriteHttpClients();
        var entry = Entry(receiver, new OAuth2Options { ClientId = OAuth2TokenEndpoint.ClientId, ClientSecret = tokens.Secret, TokenUrl = tokens.Url.ToString(), ProxyUrl = proxy.Url.ToString() });
        var metric = RemoteWriteSender.Metric("rw_oauth2_proxy");

        Assert.True((await SendAsync(clients, entry, metric)).Flushed);

        Assert.Equal(1, proxy.Forwarded);
        Assert.Equal(1, receiver.Accepted);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    private Task<CheckingReceiver> Receiver(OAuth2TokenEndpoint tokens) =>
        CheckingReceiver.StartAsync(prometheus.RemoteWriteUrl, (request, _) => tokens.IsValid(request.Headers.Authorization.ToString()) ? null : "invalid token");

    private static RemoteWriteEndpointOptions Entry(CheckingReceiver receiver, OAuth2Options oauth2) => new() { Url = receiver.Url.ToString(), OAuth2 = oauth2 };

    private static async Task<(bool Flushed, string Tenant)> SendAsync(RemoteWriteHttpClients clients, RemoteWriteEndpointOptions entry, string metric, TimeSpan? deadline = null)
    {
        var tenant = "oauth2-" + Guid.NewGuid().ToString("N")[..8];
        using var writer = new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, tenant, null, clients, TimeProvider.System);
        writer.AppendSample(TestLabels.Of("__name__", metric), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 42);
        writer.Commit(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return (await writer.FlushAsync(deadline ?? Deadline), tenant);
    }
}
