namespace KafkaMetricsGen.TestKit;

/// <summary>Finds the repository root: the folder with KafkaMetricsGen.sln.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

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
