using KafkaMetricsGen.Commands;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TopologyDocs;

namespace KafkaMetricsGen.Tests.Topology;

public sealed class TopologyFilesTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-topology-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(TopologyDocsDefaults.DescriptionFile)]
    [InlineData(TopologyDocsDefaults.MarkdownFile)]
    public void The_committed_topology_file_matches_the_built_topology(string file)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(TopologyCommand.ExitOk, TopologyCommand.Run(null, TopologyDocsDefaults.Partitions, _dir, NoEnvironment, output, error));

        var committed = Path.Combine(RepositoryPaths.Root, TopologyDocsDefaults.Folder, file);
        var expected = File.ReadAllText(Path.Combine(_dir, file));
        var actual = File.Exists(committed) ? File.ReadAllText(committed).Replace("\r\n", "\n", StringComparison.Ordinal) : "(missing)";
        Assert.True(
            expected == actual,
            $"{TopologyDocsDefaults.Folder}/{file} is out of date with the topology; regenerate it with: {TopologyDocsDefaults.RegenerateCommand}");
    }

    [Fact]
    public void The_diagram_has_every_node_topic_and_store_of_the_description()
    {
        var settings = TopologySettingsFactory.Create(TopologySettingsFactory.DefaultInputs);
        var markdown = TopologyDocuments.Markdown(settings);

        Assert.Contains("```mermaid\nflowchart TB\n", markdown, StringComparison.Ordinal);
        Assert.Contains("subgraph sub0", markdown, StringComparison.Ordinal);
        Assert.Contains("subgraph sub2", markdown, StringComparison.Ordinal);
        Assert.Contains("t_otlp_spans --> n_source_otlp_spans", markdown, StringComparison.Ordinal);
        Assert.Contains("t_otlp_spans_dead_letter([\"topic: otlp-spans-dead-letter\"])", markdown, StringComparison.Ordinal);
        Assert.Contains("s_series_store[(\"store: series-store\")]", markdown, StringComparison.Ordinal);
        Assert.Contains("n_aggregate -.- s_series_store", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_partitioned_input_has_no_spans_by_trace_hop()
    {
        var routed = TopologyDocuments.Description(TopologySettingsFactory.Create(TopologySettingsFactory.DefaultInputs));
        var direct = TopologyDocuments.Description(TopologySettingsFactory.Create([new InputTopic("push", "push-bytes", TracePartitioned: true)]));

        Assert.Contains("spans-by-trace", routed, StringComparison.Ordinal);
        Assert.DoesNotContain("spans-by-trace", direct, StringComparison.Ordinal);
        Assert.Contains("source-push", direct, StringComparison.Ordinal);
    }
}
