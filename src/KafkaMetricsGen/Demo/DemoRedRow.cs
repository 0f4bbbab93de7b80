namespace KafkaMetricsGen.Demo;

/// <summary>Rate, errors and duration of one service's operation.</summary>
public sealed record DemoRedRow(string Service, string Operation, string Kind, double RequestsPerSecond, double? ErrorRatio, double? P50LatencyMs, double? P95LatencyMs);
