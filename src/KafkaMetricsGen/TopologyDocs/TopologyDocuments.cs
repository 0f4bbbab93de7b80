using System.Text;
using KafkaMetricsGen.Streams.Pipeline;

namespace KafkaMetricsGen.TopologyDocs;

/// <summary>The committed topology files (<c>topology/topology.txt</c> and <c>topology/topology.md</c>), generated from the built topology.</summary>
public static class TopologyDocuments
{
    private const string Explanation =
        "Each input topic has a source and a decode stage: decode turns a record (OTLP protobuf, OTLP JSON or Tempo "
        + "push-bytes) into span batches, takes the tenant from the push-bytes key, the tenant header or the default "
        + "tenant; records it cannot decode branch off to the input's dead-letter topic with error headers. When every "
        + "input is partitioned by trace or none is, decode runs the tenant's processors that need no trace affinity "
        + "(span metrics, target_info) on the whole record where it arrives, sends their series deltas and, on a 1 s "
        + "wall-clock punctuator, its event-time watermark through the local-series-deltas repartition topic; the "
        + "decode tasks of an input on one stream thread share these processors, which close a window once the lowest "
        + "watermark of those tasks has passed it. For an input that is not trace-partitioned, decode splits only the spans "
        + "that service graphs or local blocks read by trace partition: they go through the spans-by-trace repartition topic so that every span of a trace "
        + "reaches the same generate task (a tenant with neither processor sends nothing); with both kinds of input, "
        + "every span crosses the hop and generate runs every processor. A trace-partitioned input skips that hop and "
        + "is decoded once: decode hands each decoded batch by reference to the generate node of the same task, which "
        + "runs the processors that need trace affinity on it (every processor with both kinds of input). "
        + "Generate runs the processors per tenant (the generate tasks of a stream thread share them, and each keeps "
        + "its own pending edges), keeps pending "
        + "service-graph edges in the in-memory store edge-store (written at each commit, restored from its changelog "
        + "after a restart), emits series deltas "
        + "keyed by series partition and, on a 1 s wall-clock punctuator, expires service-graph edges and sends its "
        + "event-time watermark to every series partition. Through the series-deltas and local-series-deltas "
        + "repartition topics the aggregate "
        + "stage adds the deltas to cumulative series kept in the RocksDB store series-store (restored from its "
        + "changelog after a restart) and closes a window once the lowest watermark of every decode and generate task "
        + "has passed its end plus the grace period, writing it to remote write.";

    /// <summary>The text Streamiz prints for the topology, with Unix line endings and one final newline.</summary>
    public static string Description(WorkerTopologySettings settings)
    {
        var text = WorkerTopology.Build(settings).Describe().ToString() ?? string.Empty;
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
    }

    public static string Markdown(WorkerTopologySettings settings)
    {
        var diagram = TopologyMermaid.Render(WorkerTopology.Build(settings).Describe());
        var inputs = string.Join(", ", settings.Inputs.Select(i => $"`{i.Name}` ({i.Codec}{(i.TracePartitioned ? ", trace-partitioned" : string.Empty)})"));
        var text = new StringBuilder();
        text.Append("# Worker topology\n\n");
        text.Append("Generated from the built topology for the inputs ").Append(inputs).Append("; do not edit by hand. Regenerate with\n`")
            .Append(TopologyDocsDefaults.RegenerateCommand).Append("`.\nThe plain description is in [")
            .Append(TopologyDocsDefaults.DescriptionFile).Append("](").Append(TopologyDocsDefaults.DescriptionFile).Append(").\n\n");
        text.Append(Explanation).Append("\n\n");
        text.Append("```mermaid\n").Append(diagram).Append("```\n");
        return text.ToString();
    }

    /// <summary>Writes both files into <paramref name="directory"/> (created if needed); returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, WorkerTopologySettings settings)
    {
        Directory.CreateDirectory(directory);
        var description = Path.Combine(directory, TopologyDocsDefaults.DescriptionFile);
        var markdown = Path.Combine(directory, TopologyDocsDefaults.MarkdownFile);
        File.WriteAllText(description, Description(settings));
        File.WriteAllText(markdown, Markdown(settings));
        return [description, markdown];
    }
}
