namespace KafkaMetricsGen.Demo;

/// <summary>A window sample: the window's end and the cumulative value then.</summary>
public readonly record struct SeriesPoint(long TimestampMs, double Value);
