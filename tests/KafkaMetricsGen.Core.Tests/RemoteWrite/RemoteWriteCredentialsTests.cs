using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

public sealed class RemoteWriteCredentialsTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-credentials-").FullName;
    private readonly RemoteWriteHttpClients _http = new();
    private RecordingRemoteWriteEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await RecordingRemoteWriteEndpoint.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_rewritten_password_file_is_used_from_the_next_request_on()
    {
        var file = Path.Combine(_dir, "password");
        await File.WriteAllTextAsync(file, "first\n");
        var entry = Entry();
        entry.BasicAuth = new BasicAuthOptions { Username = "user", PasswordFile = file };

        await SendAsync(entry);
        await File.WriteAllTextAsync(file, "second-and-longer\n");
        await SendAsync(entry);

        Assert.Equal(["Basic " + Base64("user:first"), "Basic " + Base64("user:second-and-longer")], _endpoint.Writes.Select(w => w.Header("Authorization")));
    }

    [Fact]
    public async Task The_username_can_come_from_a_file_too()
    {
        var file = Path.Combine(_dir, "username");
        await File.WriteAllTextAsync(file, "from-file\n");
        var entry = Entry();
        entry.BasicAuth = new BasicAuthOptions { UsernameFile = file, Password = "pw" };

        await SendAsync(entry);

        Assert.Equal("Basic " + Base64("from-file:pw"), Assert.Single(_endpoint.Writes).Header("Authorization"));
    }

    [Fact]
    public async Task Authorization_sends_its_type_and_the_credentials_file_as_it_changes()
    {
        var file = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(file, "token-1");
        var entry = Entry();
        entry.Authorization = new AuthorizationOptions { CredentialsFile = file };

        await SendAsync(entry);
        await File.WriteAllTextAsync(file, "token-22");
        await SendAsync(entry);

        Assert.Equal(["Bearer token-1", "Bearer token-22"], _endpoint.Writes.Select(w => w.Header("Authorization")));
    }

    [Fact]
    public async Task Authorization_with_inline_credentials_and_a_custom_type()
    {
        var entry = Entry();
        entry.Authorization = new AuthorizationOptions { Type = "Token", Credentials = "abc" };

        await SendAsync(entry);

        Assert.Equal("Token abc", Assert.Single(_endpoint.Writes).Header("Authorization"));
    }

    [Fact]
    public async Task A_tenants_authorization_header_wins_over_the_entrys_credentials()
    {
        var entry = Entry();
        entry.BasicAuth = new BasicAuthOptions { Username = "user", Password = "pass" };
        var overrides = new RemoteWriteTenantOverrides();
        overrides.Headers["Authorization"] = "Bearer tenant";

        await SendAsync(entry, overrides);

        Assert.Equal("Bearer tenant", Assert.Single(_endpoint.Writes).Header("Authorization"));
    }

    [Fact]
    public async Task A_missing_credentials_file_is_retried_until_it_is_back()
    {
        var file = Path.Combine(_dir, "late-token");
        var entry = Entry();
        entry.Authorization = new AuthorizationOptions { CredentialsFile = file };
        entry.QueueConfig.MinBackoff = TimeSpan.FromMilliseconds(50);
        entry.QueueConfig.MaxBackoff = TimeSpan.FromMilliseconds(50);
        var tenant = "cred-" + Guid.NewGuid().ToString("N")[..8];
        using var writer = new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, tenant, null, _http, TimeProvider.System);
        writer.AppendSample(TestLabels.Of("__name__", "up"), 15_000, 1);
        writer.Commit(15_000);

        var flush = writer.FlushAsync(TimeSpan.FromSeconds(30));
        while (RemoteWriteMetrics.Requests.WithLabels(tenant, "0", RemoteWriteMetricNames.StatusCredentialsError).Value == 0)
        {
            await Task.Delay(10);
        }

        await File.WriteAllTextAsync(file, "now-here");
        Assert.True(await flush);
        Assert.Equal("Bearer now-here", Assert.Single(_endpoint.Writes).Header("Authorization"));
    }

    private RemoteWriteEndpointOptions Entry() => new() { Url = _endpoint.Url.ToString() };

    private async Task SendAsync(RemoteWriteEndpointOptions entry, RemoteWriteTenantOverrides? overrides = null)
    {
        using var writer = new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, "team-a", overrides, _http, TimeProvider.System);
        writer.AppendSample(TestLabels.Of("__name__", "up"), 15_000, 1);
        writer.Commit(15_000);
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
