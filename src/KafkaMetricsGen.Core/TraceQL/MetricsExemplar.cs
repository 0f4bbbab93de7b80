namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A span that contributed to a series: its labels (<c>trace:id</c>, <c>span:id</c>), the measured value and the span's
/// start in Unix milliseconds. The value is NaN for counting functions until the final answer gives it the sample value
/// of its interval (Tempo's placeholder exemplars).
/// </summary>
public readonly record struct MetricsExemplar(SeriesLabel[] Labels, double Value, long TimestampMs);
