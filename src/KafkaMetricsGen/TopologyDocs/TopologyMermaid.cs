using System.Text;
using Streamiz.Kafka.Net.Stream;

namespace KafkaMetricsGen.TopologyDocs;

/// <summary>
/// Renders a topology description as a Mermaid flowchart: one subgraph per sub-topology holding its nodes, topics as
/// stadium shapes outside (so a repartition topic visibly joins two sub-topologies) and state stores as cylinders.
/// </summary>
public static class TopologyMermaid
{
    public static string Render(ITopologyDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var text = new StringBuilder();
        text.Append("flowchart TB\n");
        var topics = new SortedSet<string>(StringComparer.Ordinal);
        var stores = new SortedSet<string>(StringComparer.Ordinal);
        var edges = new List<string>();
        foreach (var sub in description.SubTopologies.OrderBy(s => s.Id))
        {
            text.Append("  subgraph sub").Append(sub.Id).Append("[\"sub-topology ").Append(sub.Id).Append("\"]\n");
            foreach (var node in sub.Nodes)
            {
                text.Append("    ").Append(Id("n", node.Name)).Append("[\"").Append(Label(node)).Append("\"]\n");
                foreach (var next in node.Next)
                {
                    edges.Add(Id("n", node.Name) + " --> " + Id("n", next.Name));
                }

                switch (node)
                {
                    case ISourceNodeDescription source:
                        foreach (var topic in source.Topics)
                        {
                            topics.Add(topic);
                            edges.Add(Id("t", topic) + " --> " + Id("n", node.Name));
                        }

                        break;
                    case ISinkNodeDescription sink when sink.Topic is not null:
                        topics.Add(sink.Topic);
                        edges.Add(Id("n", node.Name) + " --> " + Id("t", sink.Topic));
                        break;
                    case IProcessorNodeDescription processor:
                        foreach (var store in processor.Stores)
                        {
                            stores.Add(store);
                            edges.Add(Id("n", node.Name) + " -.- " + Id("s", store));
                        }

                        break;
                }
            }

            text.Append("  end\n");
        }

        foreach (var topic in topics)
        {
            text.Append("  ").Append(Id("t", topic)).Append("([\"topic: ").Append(topic).Append("\"])\n");
        }

        foreach (var store in stores)
        {
            text.Append("  ").Append(Id("s", store)).Append("[(\"store: ").Append(store).Append("\")]\n");
        }

        foreach (var edge in edges)
        {
            text.Append("  ").Append(edge).Append('\n');
        }

        return text.ToString();
    }

    private static string Label(INodeDescription node) => node switch
    {
        ISourceNodeDescription => "source: " + node.Name,
        ISinkNodeDescription => "sink: " + node.Name,
        _ => node.Name,
    };

    /// <summary>Mermaid ids allow letters, digits and underscores only; the prefix keeps kinds apart.</summary>
    private static string Id(string kind, string name)
    {
        var id = new StringBuilder(kind.Length + 1 + name.Length).Append(kind).Append('_');
        foreach (var c in name)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return id.ToString();
    }
}
