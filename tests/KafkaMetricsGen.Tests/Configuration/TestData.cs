using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Tests.Configuration;

/// <summary>Paths of the configuration test data files beside these tests.</summary>
internal static class TestData
{
    public static string Path(string name) =>
        System.IO.Path.Combine(RepositoryPaths.Root, "tests", "KafkaMetricsGen.Tests", "Configuration", "testdata", name);
}
