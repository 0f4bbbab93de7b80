namespace KafkaMetricsGen.Core.Registry;

/// <summary>An exemplar: one label (<c>traceID</c> by default) with the trace id, the raw observed value and a time.</summary>
public readonly record struct ExemplarSample(string LabelName, string LabelValue, double Value, long TimestampMs);
