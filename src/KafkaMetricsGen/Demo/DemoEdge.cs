namespace KafkaMetricsGen.Demo;

/// <summary>A client → server edge on the demo page's graph, with the server-side latency (mean and p95).</summary>
public sealed record DemoEdge(string Id, string Source, string Target, string ConnectionType, double RequestsPerSecond, double? ErrorRatio, double? MeanLatencyMs, double? P95LatencyMs);
