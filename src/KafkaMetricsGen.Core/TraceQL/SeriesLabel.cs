namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>One label of a result series: its name (the TraceQL spelling of a by() field, or a reserved name) and typed value.</summary>
public readonly record struct SeriesLabel(string Name, StaticValue Value);
