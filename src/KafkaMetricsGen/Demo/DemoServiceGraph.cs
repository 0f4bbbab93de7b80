namespace KafkaMetricsGen.Demo;

/// <summary>The demo page's service graph: rates over the last <paramref name="WindowSeconds"/> of event time.</summary>
public sealed record DemoServiceGraph(double WindowSeconds, IReadOnlyList<DemoNode> Nodes, IReadOnlyList<DemoEdge> Edges);
