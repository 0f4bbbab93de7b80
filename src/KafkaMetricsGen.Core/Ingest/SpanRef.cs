namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// One span of a batch, with the fields the processors read. Strings are ranges into the batch buffer; attributes are
/// <c>Attributes[AttributeStart..+AttributeCount]</c>. <see cref="EncodedSize"/> is the size of the encoded OTLP Span
/// message (span-metrics size_total). Times are Unix nanoseconds. <see cref="ScopeIndex"/> is the span's instrumentation
/// scope in <see cref="SpanBatch.Scopes"/>; its events are <c>Events[EventStart..+EventCount]</c> and its links
/// <c>Links[LinkStart..+LinkCount]</c>.
/// </summary>
public readonly record struct SpanRef(
    int ResourceIndex,
    TraceId TraceId,
    SpanId SpanId,
    SpanId ParentSpanId,
    ByteRange Name,
    SpanKind Kind,
    StatusCode StatusCode,
    ByteRange StatusMessage,
    ByteRange TraceState,
    ulong StartTimeUnixNano,
    ulong EndTimeUnixNano,
    int AttributeStart,
    int AttributeCount,
    int EncodedSize,
    int ScopeIndex,
    int EventStart,
    int EventCount,
    int LinkStart,
    int LinkCount)
{
    /// <summary>The span's event time: its end time.</summary>
    public ulong EventTimeUnixNano => EndTimeUnixNano;

    /// <summary>Duration in seconds; a start at or after the end gives 0 (Tempo clamps negative latency).</summary>
    public double DurationSeconds => StartTimeUnixNano >= EndTimeUnixNano ? 0 : (EndTimeUnixNano - StartTimeUnixNano) / 1e9;
}
