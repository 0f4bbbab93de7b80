using System.Diagnostics;
using System.Globalization;
using System.Text;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>What the running worker and <c>config check</c> show never holds a secret of the configuration.</summary>
public sealed partial class RunCommandTests
{
    private static readonly string[] Secrets =
    [
        "basic-pass-7f3a", "bearer-token-7f3a", "header-token-7f3a", "oauth-client-secret-7f3a", "aws-secret-key-7f3a",
        "sasl-pass-7f3a", "key-pass-7f3a", "tenant-token-7f3a",
    ];

    [Fact]
    public async Task Status_pages_logs_and_config_check_never_show_a_secret()
    {
        var kafkaPort = Loopback.FreePort();
        var port = Loopback.FreePort();
        var tokenPort = Loopback.FreePort();
        var config = Path.Combine(_dir, "secrets.yaml");
        await File.WriteAllTextAsync(config, $$"""
            server:
              http_listen_address: 127.0.0.1
              http_listen_port: {{port}}
            kafka:
              bootstrap_servers: 127.0.0.1:{{kafkaPort}}
              application_id: secrets-{{Guid.NewGuid():N}}
              topics: [{name: {{Topic}}}]
              state_dir: {{Path.Combine(_dir, "state")}}
              client_config: {sasl.password: sasl-pass-7f3a, ssl.key.password: key-pass-7f3a}
            metrics_generator:
              storage:
                remote_write:
                  - url: {{prometheus.RemoteWriteUrl}}
                    name: basic
                    headers: {X-Team: a}
                    basic_auth: {username: tempo, password: basic-pass-7f3a}
                  - url: {{prometheus.RemoteWriteUrl}}
                    name: bearer
                    authorization: {credentials: bearer-token-7f3a}
                  - url: {{prometheus.RemoteWriteUrl}}
                    name: header
                    headers: {Authorization: Bearer header-token-7f3a}
                  - url: {{prometheus.RemoteWriteUrl}}
                    name: oauth2
                    oauth2: {client_id: worker, client_secret: oauth-client-secret-7f3a, token_url: "http://127.0.0.1:{{tokenPort}}/token"}
                  - url: {{prometheus.RemoteWriteUrl}}
                    name: amp
                    sigv4: {region: eu-west-1, access_key: AKIDSECRETSTEST, secret_key: aws-secret-key-7f3a}
            """);
        var overrides = Path.Combine(_dir, "secrets-overrides.yaml");
        await File.WriteAllTextAsync(overrides, "overrides:\n  team-a:\n    metrics_generator:\n      remote_write_headers: {Authorization: Bearer tenant-token-7f3a}\n");

        var check = new StringBuilder();
        using (var checking = StartExe(check, "config", "check", "--config", config, "--overrides", overrides))
        {
            using var timeout = new CancellationTokenSource(Patience);
            await checking.WaitForExitAsync(timeout.Token);
            Assert.True(checking.ExitCode == 0, Output(check));
        }

        var checkOutput = Output(check);
        Assert.Contains("client_secret: <secret>", checkOutput, StringComparison.Ordinal);
        Assert.Contains("secret_key: <secret>", checkOutput, StringComparison.Ordinal);
        Assert.Contains("access_key: AKIDSECRETSTEST", checkOutput, StringComparison.Ordinal);

        var output = new StringBuilder();
        using var process = StartExe(output, "run", "--config", config);
        var pages = new StringBuilder();
        try
        {
            var baseUrl = new Uri($"http://127.0.0.1:{port}");
            await WaitUntilAsync(() => Task.FromResult(Output(output).Contains("kafka.bootstrap_servers: cannot reach Kafka", StringComparison.Ordinal)), "the unreachable line", process, output);
            foreach (var path in (string[])[HttpPaths.Status, HttpPaths.StatusTopology, HttpPaths.Metrics, HttpPaths.Live, HttpPaths.Ready])
            {
                using var response = await _http.GetAsync(new Uri(baseUrl, path));
                pages.Append(path).Append('\n').Append(await response.Content.ReadAsStringAsync()).Append('\n');
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.Contains("\"state\"", pages.ToString(), StringComparison.Ordinal);
        foreach (var (what, text) in (ReadOnlySpan<(string, string)>)[("config check", checkOutput), ("the worker's pages", pages.ToString()), ("the worker's log", Output(output))])
        {
            foreach (var secret in Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{what} shows {secret}:\n{text}");
            }
        }
    }
}
