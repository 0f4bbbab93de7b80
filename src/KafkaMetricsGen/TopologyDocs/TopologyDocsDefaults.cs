namespace KafkaMetricsGen.TopologyDocs;

/// <summary>Defaults of the <c>topology</c> command and the names of the files it writes.</summary>
public static class TopologyDocsDefaults
{
    /// <summary>Partitions assumed for the inputs (the demo's topic); the description does not depend on it.</summary>
    public const int Partitions = 4;

    /// <summary>The plain description, as the worker prints it at start.</summary>
    public const string DescriptionFile = "topology.txt";

    /// <summary>The description as a Mermaid diagram with an explanation.</summary>
    public const string MarkdownFile = "topology.md";

    /// <summary>The folder at the repository root that holds both files.</summary>
    public const string Folder = "topology";

    /// <summary>How to bring the committed files up to date.</summary>
    public const string RegenerateCommand = "dotnet run --project src/KafkaMetricsGen -- topology --write topology/";
}
