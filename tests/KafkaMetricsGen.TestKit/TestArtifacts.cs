namespace KafkaMetricsGen.TestKit;

/// <summary>
/// Where tests keep files for people to look at after a run (screenshots): <c>TEST_ARTIFACTS_DIR</c> when set (CI points
/// it at the folder it uploads), else <c>TestResults/artifacts</c> in the repository (ignored by git).
/// </summary>
public static class TestArtifacts
{
    public const string DirectoryVariable = "TEST_ARTIFACTS_DIR";

    public static string PathOf(string fileName)
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        var dir = string.IsNullOrEmpty(configured) ? System.IO.Path.Combine(RepositoryPaths.Root, "TestResults", "artifacts") : configured;
        Directory.CreateDirectory(dir);
        return System.IO.Path.Combine(dir, fileName);
    }
}
