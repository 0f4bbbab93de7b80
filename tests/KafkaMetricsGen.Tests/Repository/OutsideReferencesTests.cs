using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Tests.Repository;

public class OutsideReferencesTests
{
    // The samples are put together from parts so that this file does not point outside the repository itself.
    private const string Up = "..";
    private const string Slash = "/";

    [Fact]
    public void No_test_source_script_or_document_points_outside_the_repository()
    {
        var findings = OutsideReferences.InRepository(RepositoryPaths.Root);

        Assert.True(findings.Count == 0, "a clone must stand alone, but these lines point outside it:\n" + string.Join('\n', findings));
    }

    [Fact]
    public void Every_checked_path_exists()
    {
        Assert.All(OutsideReferences.CheckedPaths, p => Assert.True(Path.Exists(Path.Combine(RepositoryPaths.Root, p)), p));
    }

    public static TheoryData<string, string> Outside => new()
    {
        { "tests/KafkaMetricsGen.TestKit/RepositoryPaths.cs", $"public static string Shared => Path.GetFullPath(Path.Combine(Root, \"{Up}\", \"shared\"));" },
        { "tests/KafkaMetricsGen.TestKit/Fixtures.cs", $"var dir = \"{Up}/shared/tempo-testdata\";" },
        { "README.md", $"The fixtures are read from `{Up}{Slash}tempo-testdata`." },
        { "docs/architecture.md", $"See [the architecture]({Up}/{Up}/ARCHITECTURE.md)." },
        { "tests/KafkaMetricsGen.Tests/Commands/X.cs", $"File.ReadAllText(\"{Up}/{Up}/{Up}/{Up}/data.json\");" },
        { "tests/KafkaMetricsGen.Tests/Commands/X.cs", $"File.ReadAllText(\"{Slash}work{Slash}data.json\");" },
        { "src/KafkaMetricsGen/Program.cs", $"const string Config = \"{Slash}home/someone/config.yaml\";" },
        { "tests/KafkaMetricsGen.Tests/X.cs", $"var input = \"{Slash}tmp/traces.json\";" },
        { ".ci/run", $"cp {Slash}tmp/cache ." },
        { "tests/KafkaMetricsGen.Tests/X.cs", $"var input = @\"C:{Slash.Replace('/', '\\')}Users\\me\\traces.json\";" },
        { "docs/x.md", $"Run `dotnet test ~{Slash}src/repo`." },
    };

    [Theory]
    [MemberData(nameof(Outside))]
    public void Flags_a_path_outside_the_repository(string file, string line)
    {
        Assert.NotEmpty(OutsideReferences.InFile(file, line));
    }

    public static TheoryData<string, string> Inside => new()
    {
        { "tests/KafkaMetricsGen.Tests/KafkaMetricsGen.Tests.csproj", "<ProjectReference Include=\"../../src/KafkaMetricsGen/KafkaMetricsGen.csproj\" />" },
        { "tests/Directory.Build.props", "<Import Project=\"$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))\" />" },
        { "tests/KafkaMetricsGen.Tests/Deploy/DeployFilesTests.cs", "File.Exists(Path.Combine(DeployFiles.Deploy, \"..\", source))" },
        { "tests/KafkaMetricsGen.Tests/X.cs", "private readonly string _dir = Directory.CreateTempSubdirectory(\"kmg-process-\").FullName;" },
        { "tests/KafkaMetricsGen.Tests/X.cs", "var path = Path.Combine(Path.GetTempPath(), \"kmg-\" + Guid.NewGuid());" },
        { ".ci/run", "results=$(mktemp -d)" },
        { ".ci/run", "cd \"$(dirname \"$0\")/..\"" },
        { "src/KafkaMetricsGen.Streams/Configuration/KafkaDefaults.cs", $"public const string StateDir = \"{Slash}tmp/kafka-metrics-gen\";" },
        { "README.md", "    path: /var/lib/kafka-metrics-gen/wal" },
        { "README.md", "`--remote-write http://127.0.0.1:9090/api/v1/write`, see http://example.com/home/tmp/work/" },
        { "README.md", "The state and time semantics are in [docs/architecture.md](docs/architecture.md)." },
        { "tests/KafkaMetricsGen.Tests/X.cs", "if (name is \".\" or \"..\")" },
        { "tests/KafkaMetricsGen.Tests/X.cs", "var overrides = Write(\"overrides.yaml\", \"overrides:\\n  t:\\n    metrics_generator:\\n\");" },
        { "tests/KafkaMetricsGen.TestKit/X.cs", "throw new InvalidOperationException($\"not ready within {Timeout} s:\\n{Log}\");" },
    };

    [Theory]
    [MemberData(nameof(Inside))]
    public void Passes_a_path_inside_the_repository_or_made_at_run_time(string file, string line)
    {
        Assert.Empty(OutsideReferences.InFile(file, line));
    }
}
