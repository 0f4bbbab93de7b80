using System.Text.Json;

namespace KafkaMetricsGen.Tests.Deploy.Grafana;

/// <summary>The node-graph checks and the modelled transformations catch the mistakes the old dashboard made.</summary>
public sealed class NodeGraphFramesTests
{
    [Fact]
    public void Frames_renamed_for_every_query_alike_lose_the_edges_target_and_the_clients()
    {
        // The old panel: nodes by server only, and one organize renaming server to id in both frames.
        var frames = GrafanaTransformations.Apply(Panel("""[{"id":"organize","options":{"renameByName":{"server":"id","client":"source","Value #nodes":"mainstat","Value #edges":"mainstat"}}}]"""),
        [
            Frame("nodes", ("server", ["frontend", "checkout"]), ("Value #nodes", [1.0, 2.0])),
            Frame("edges", ("client", ["user", "frontend"]), ("server", ["frontend", "checkout"]), ("Value #edges", [1.0, 2.0])),
        ]);

        var problems = NodeGraphFrames.From(frames).Problems();

        Assert.Contains(problems, p => p.Contains("'target'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("source 'user' is not a node", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'title'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_join_filtered_by_refId_merges_only_the_frames_it_selects()
    {
        var frames = GrafanaTransformations.Apply(Panel("""[{"id":"joinByField","filter":{"id":"byRefId","options":"/^edges/"},"options":{"byField":"id","mode":"outer"}}]"""),
        [
            Frame("nodes", ("id", ["a", "b"]), ("title", ["a", "b"]), ("mainstat", [1.0, 2.0]), ("secondarystat", [0.0, 0.5])),
            Frame("edges", ("id", ["a->b"]), ("source", ["a"]), ("target", ["b"]), ("mainstat", [3.0])),
            Frame("edges_latency", ("id", ["a->b", "b->c"]), ("secondarystat", [12.5, 1.0])),
        ]);

        var graph = NodeGraphFrames.From(frames);

        Assert.Equal(["a->b", "b->c"], graph.Column(graph.Edges, "id"));
        Assert.Equal([12.5, 1.0], graph.Edges.Field("secondarystat")!.Values);
        Assert.Equal([3.0, null], graph.Edges.Field("mainstat")!.Values);
        Assert.Equal(["a", "b"], graph.Column(graph.Nodes, "id"));
        var problems = graph.Problems();
        // The latency of an edge the rate query does not know leaves a row without source, target and rate.
        Assert.Contains(problems, p => p.StartsWith("edges: 'source'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("edges: 'mainstat'", StringComparison.Ordinal));
    }

    [Fact]
    public void Complete_frames_meet_every_requirement()
    {
        var graph = new NodeGraphFrames(
            Frame(null, ("id", ["user", "frontend"]), ("title", ["user", "frontend"]), ("mainstat", [2.0, 2.0]), ("secondarystat", [0.0, 0.1])),
            Frame(null, ("id", ["user->frontend"]), ("source", ["user"]), ("target", ["frontend"]), ("mainstat", [2.0]), ("secondarystat", [40.0])));

        Assert.Empty(graph.Problems());
    }

    private static JsonElement Panel(string transformations) =>
        JsonDocument.Parse("{\"transformations\":" + transformations + "}").RootElement.Clone();

    private static GrafanaFrame Frame(string? refId, params (string Name, object?[] Values)[] fields) =>
        new(refId, fields.Select(f => new GrafanaField(f.Name, f.Values)).ToList());
}
