namespace KafkaMetricsGen.Tests.Deploy.Grafana;

/// <summary>
/// How Grafana's node graph panel reads a panel's frames, and what it requires of them: frames with an <c>id</c> field
/// take part; one with a <c>source</c> field is the edges frame, any other the nodes frame, and the panel uses the
/// first of each. Nodes need <c>id</c> (and show <c>title</c>, <c>mainstat</c>, <c>secondarystat</c>); edges need
/// <c>id</c>, <c>source</c> and <c>target</c>, and every source and target must be a node's id — the panel fails on an
/// edge whose end is not in the nodes frame. Field names are compared case-insensitively, as the panel does.
/// </summary>
public sealed record NodeGraphFrames(GrafanaFrame Nodes, GrafanaFrame Edges)
{
    public static NodeGraphFrames From(IReadOnlyList<GrafanaFrame> frames)
    {
        var graph = frames.Where(f => f.Fields.Any(x => x.Name == "id") || f.RefId is "nodes" or "edges").ToList();
        var edges = graph.Where(f => f.Fields.Any(x => x.Name == "source")).ToList();
        var nodes = graph.Except(edges).ToList();
        if (nodes.Count != 1 || edges.Count != 1)
        {
            throw new InvalidOperationException($"the node graph needs one nodes and one edges frame, got {nodes.Count} and {edges.Count}: "
                + string.Join("; ", frames.Select(f => $"{f.RefId}: {string.Join(",", f.Fields.Select(x => x.Name))}")));
        }

        return new NodeGraphFrames(nodes[0], edges[0]);
    }

    /// <summary>Every requirement that is not met (empty when the panel can draw the graph with its stats).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var ids = Strings(Nodes, "id", "nodes", problems);
        Strings(Nodes, "title", "nodes", problems);
        Numbers(Nodes, "mainstat", "nodes", problems);
        Numbers(Nodes, "secondarystat", "nodes", problems);
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            problems.Add("nodes: duplicate ids " + string.Join(", ", ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key)));
        }

        Strings(Edges, "id", "edges", problems);
        foreach (var end in (string[])["source", "target"])
        {
            foreach (var id in Strings(Edges, end, "edges", problems).Where(id => !ids.Contains(id)))
            {
                problems.Add($"edges: {end} '{id}' is not a node");
            }
        }

        Numbers(Edges, "mainstat", "edges", problems);
        Numbers(Edges, "secondarystat", "edges", problems);
        return problems;
    }

    public IReadOnlyList<string> Column(GrafanaFrame frame, string name) =>
        Find(frame, name)?.Values.Select(v => v as string ?? "").ToList() ?? [];

    private static List<string> Strings(GrafanaFrame frame, string name, string what, List<string> problems)
    {
        var field = Find(frame, name);
        if (field is null || !field.IsString || field.Values.Any(v => string.IsNullOrEmpty(v as string)))
        {
            problems.Add($"{what}: '{name}' must be a string field with a value in every row");
            return [];
        }

        return field.Values.Select(v => (string)v!).ToList();
    }

    private static void Numbers(GrafanaFrame frame, string name, string what, List<string> problems)
    {
        var field = Find(frame, name);
        if (field is null || !field.IsNumber || field.Values.Any(v => v is not double d || !double.IsFinite(d)))
        {
            problems.Add($"{what}: '{name}' must be a number field with a finite value in every row ({(field is null ? "missing" : string.Join(", ", field.Values))})");
        }
    }

    private static GrafanaField? Find(GrafanaFrame frame, string name) =>
        frame.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
