using KafkaMetricsGen.TestKit.Prometheus;
using Microsoft.AspNetCore.Http;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// sigv4 end to end: a receiver that checks the AWS signature with its own code (<see cref="SigV4Verifier"/>, not <see cref="SigV4Signer"/>) and
/// forwards what it accepts to a real Prometheus.
/// </summary>
public sealed class SigV4HandlerTests(PrometheusServer prometheus) : IClassFixture<PrometheusServer>, IDisposable
{
    private const string AccessKey = "AKIDKAFKAMETRICSGEN";
    private const string SecretKey = "k4fka/metrics+gen/secret/key/for/tests";
    private const string Region = "eu-west-1";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-sigv4-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_signed_write_passes_an_independent_check_and_lands_in_prometheus()
    {
        await using var receiver = await CheckingReceiver.StartAsync(prometheus.RemoteWriteUrl, (request, body) => Verify(request, body, SecretKey, sessionToken: null));
        var entry = Entry(receiver, new SigV4Options { Region = Region, AccessKey = AccessKey, SecretKey = SecretKey });
        entry.Headers["X-Scope-OrgID"] = "team-a";
        var metric = RemoteWriteSender.Metric("rw_sigv4");

        var (flushed, _) = await SendAsync(entry, metric, _ => null);

        Assert.True(flushed, string.Join("\n", receiver.Refusals));
        Assert.Empty(receiver.Refusals);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_key_is_refused_and_nothing_lands()
    {
        await using var receiver = await CheckingReceiver.StartAsync(prometheus.RemoteWriteUrl, (request, body) => Verify(request, body, SecretKey, sessionToken: null));
        var entry = Entry(receiver, new SigV4Options { Region = Region, AccessKey = AccessKey, SecretKey = "not-the-secret" });
        var metric = RemoteWriteSender.Metric("rw_sigv4_wrong");

        var (flushed, tenant) = await SendAsync(entry, metric, _ => null);

        Assert.True(flushed);
        Assert.Equal("signature mismatch", Assert.Single(receiver.Refusals));
        Assert.Equal(1, RemoteWriteSender.Failed(tenant));
        Assert.Null(await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    [Fact]
    public async Task Keys_and_region_from_the_aws_environment_variables_sign_with_the_session_token()
    {
        await using var receiver = await CheckingReceiver.StartAsync(prometheus.RemoteWriteUrl, (request, body) => Verify(request, body, SecretKey, sessionToken: "session-token-1"));
        var environment = new Dictionary<string, string>
        {
            [AwsEnvironment.AccessKeyId] = AccessKey,
            [AwsEnvironment.SecretAccessKey] = SecretKey,
            [AwsEnvironment.SessionToken] = "session-token-1",
            [AwsEnvironment.Region] = Region,
            [AwsEnvironment.Home] = _dir,
        };
        var metric = RemoteWriteSender.Metric("rw_sigv4_env");

        var (flushed, _) = await SendAsync(Entry(receiver, new SigV4Options()), metric, environment.GetValueOrDefault);

        Assert.True(flushed, string.Join("\n", receiver.Refusals));
        Assert.Empty(receiver.Refusals);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    [Fact]
    public async Task A_profile_of_the_shared_credentials_file_signs_and_its_rotated_keys_are_used_without_a_restart()
    {
        var awsDir = Directory.CreateDirectory(Path.Combine(_dir, ".aws")).FullName;
        await File.WriteAllTextAsync(Path.Combine(awsDir, "credentials"), $"[default]\naws_access_key_id = OTHER\naws_secret_access_key = other\n\n[writer]\naws_access_key_id = {AccessKey}\naws_secret_access_key = old-secret\n");
        await File.WriteAllTextAsync(Path.Combine(awsDir, "config"), $"[profile writer]\nregion = {Region}\n");
        var secret = "old-secret";
        await using var receiver = await CheckingReceiver.StartAsync(prometheus.RemoteWriteUrl, (request, body) => Verify(request, body, Volatile.Read(ref secret), sessionToken: null));
        var environment = new Dictionary<string, string> { [AwsEnvironment.Home] = _dir };
        var entry = Entry(receiver, new SigV4Options { Profile = "writer" });

        Assert.True((await SendAsync(entry, RemoteWriteSender.Metric("rw_sigv4_profile"), environment.GetValueOrDefault)).Flushed);
        Volatile.Write(ref secret, "new-secret");
        await File.WriteAllTextAsync(Path.Combine(awsDir, "credentials"), $"[writer]\naws_access_key_id = {AccessKey}\naws_secret_access_key = new-secret\n");
        var metric = RemoteWriteSender.Metric("rw_sigv4_rotated");
        Assert.True((await SendAsync(entry, metric, environment.GetValueOrDefault)).Flushed);

        Assert.Empty(receiver.Refusals);
        Assert.Equal(2, receiver.Accepted);
        Assert.Equal(42, await RemoteWriteSender.ValueAsync(prometheus, metric));
    }

    private static RemoteWriteEndpointOptions Entry(CheckingReceiver receiver, SigV4Options sigv4) => new() { Url = receiver.Url.ToString(), SigV4 = sigv4 };

    private static async Task<(bool Flushed, string Tenant)> SendAsync(RemoteWriteEndpointOptions entry, string metric, Func<string, string?> environment)
    {
        var tenant = "sigv4-" + Guid.NewGuid().ToString("N")[..8];
        using var clients = new RemoteWriteHttpClients(TimeProvider.System, environment);
        using var writer = new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, tenant, null, clients, TimeProvider.System);
        writer.AppendSample(TestLabels.Of("__name__", metric), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 42);
        writer.Commit(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return (await writer.FlushAsync(Deadline), tenant);
    }

    private static string? Verify(HttpRequest request, byte[] body, string secretKey, string? sessionToken) =>
        SigV4Verifier.Verify(request, body, AccessKey, secretKey, Region, SigV4Options.Service, sessionToken);
}
