namespace KafkaMetricsGen.Core.Ingest;

/// <summary>The table counts of a <see cref="SpanBatch"/> at one moment, for rolling back a message (<see cref="SpanBatch.Truncate"/>).</summary>
public readonly record struct SpanBatchMark(int Resources, int Spans, int Attributes, int Scopes, int Events, int Links);
