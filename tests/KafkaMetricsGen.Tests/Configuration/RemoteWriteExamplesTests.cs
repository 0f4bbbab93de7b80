using System.Text.RegularExpressions;
using KafkaMetricsGen.Commands;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Tests.Configuration;

/// <summary>The example remote_write blocks of the README start, or fail at start naming the refused key.</summary>
public sealed partial class RemoteWriteExamplesTests : IDisposable
{
    private const string ExampleDirectory = "/etc/kafka-metrics-gen/";

    /// <summary>Example name → null when it must load, else the start of the error it must fail with.</summary>
    private static readonly Dictionary<string, string?> Expected = new(StringComparer.Ordinal)
    {
        ["grafana-cloud"] = null,
        ["mimir"] = null,
        ["amp"] = null,
        ["private-ca"] = null,
    };

    private readonly TestCertificates _certificates = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-rw-examples-").FullName;

    // The AMP example takes its keys from where AWS tools look: here a shared credentials file named by the
    // standard variable, which nothing else in these tests reads.
    private readonly string? _sharedCredentials = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE");

    public RemoteWriteExamplesTests()
    {
        var awsCredentials = Path.Combine(_dir, "aws-credentials");
        File.WriteAllText(awsCredentials, "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = example-secret\n");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", awsCredentials);
        File.WriteAllText(Path.Combine(_dir, "grafana-cloud-token"), "glc_token\n");
        File.WriteAllText(Path.Combine(_dir, "mimir-token"), "mimir-token\n");
        File.Copy(_certificates.CaFile, Path.Combine(_dir, "ca.pem"));
        var (cert, key) = _certificates.Issue("client", server: false);
        File.Copy(cert, Path.Combine(_dir, "client.pem"));
        File.Copy(key, Path.Combine(_dir, "client-key.pem"));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", _sharedCredentials);
        _certificates.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Every_example_starts_or_fails_at_start_naming_the_refused_key()
    {
        var examples = Examples();
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), examples.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, yaml) in examples)
        {
            var path = Path.Combine(_dir, name + ".yaml");
            File.WriteAllText(path, yaml.Replace(ExampleDirectory, _dir + "/", StringComparison.Ordinal) + "kafka:\n  bootstrap_servers: kafka:9092\n  topics: [{name: spans}]\n");
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = ConfigCheckCommand.Run(path, null, new Dictionary<string, string>(), output, error);
            if (Expected[name] is { } failure)
            {
                Assert.Equal(ConfigCheckCommand.ExitInvalid, exit);
                Assert.StartsWith(failure, error.ToString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.True(exit == ConfigCheckCommand.ExitOk, name + ": " + error);
            }
        }
    }

    private static Dictionary<string, string> Examples()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match block in YamlBlock().Matches(text))
        {
            var yaml = block.Groups["yaml"].Value;
            var name = ExampleName().Match(yaml);
            if (name.Success)
            {
                result[name.Groups["name"].Value] = yaml;
            }
        }

        return result;
    }

    [GeneratedRegex("```yaml\\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex("^# example: (?<name>[a-z-]+)$", RegexOptions.Multiline)]
    private static partial Regex ExampleName();
}
