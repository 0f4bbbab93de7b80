using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>The spans a spanset pipeline kept (<see cref="SpansetEvaluator"/>), by trace and span id.</summary>
public sealed class KeptSpansFilter(HashSet<(TraceId, SpanId)> kept) : SpanFilter
{
    public int Count => kept.Count;

    public override bool UsesTraceFields => false;

    public override bool Matches(in StoredSpan span, in TraceInfo trace) => kept.Contains((span.TraceId, span.SpanId));
}
