namespace KafkaMetricsGen.TestKit;

/// <summary>Finds the repository root (the folder with KafkaMetricsGen.sln) and the shared folder beside it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    /// <summary>The project's shared documents and Tempo's fixtures live beside the repository.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string TempoTestData => Path.Combine(Shared, "tempo-testdata");

    public static string TempoFixture(string fileName) => Path.Combine(TempoTestData, fileName);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KafkaMetricsGen.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("KafkaMetricsGen.sln not found above " + AppContext.BaseDirectory);
    }
}
