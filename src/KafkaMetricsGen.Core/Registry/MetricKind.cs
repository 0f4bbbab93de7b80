namespace KafkaMetricsGen.Core.Registry;

/// <summary>The kind of a series family; also its tag in the binary delta and state formats.</summary>
public enum MetricKind : byte
{
    Counter = 1,
    Gauge = 2,
    Histogram = 3,
}
