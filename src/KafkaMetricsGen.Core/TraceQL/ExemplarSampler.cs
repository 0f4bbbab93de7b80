using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Picks exemplars while the first stage reads spans, as Tempo's step aggregator does: at most one per trace, each admitted
/// by its series' <see cref="ExemplarBuckets"/> so a series keeps at most <c>limit</c>, spread over the range.
/// Tempo picks a random matching span of each trace and also stops a job after <c>limit</c> traces in all; over one store
/// that would leave most of the range without exemplars, so here every series keeps its own <c>limit</c> (first matching
/// span of a trace whose bucket has room, deterministic) and the shared cap comes after the merge
/// (<see cref="ExemplarCombiner.Cap"/>).
/// </summary>
internal sealed class ExemplarSampler(uint limit, QueryRange alignedRange)
{
    private readonly HashSet<TraceId> _traces = [];

    public ExemplarBuckets NewBuckets() => new(limit, alignedRange);

    /// <summary>Whether <paramref name="span"/> becomes an exemplar of the series that owns <paramref name="buckets"/>.</summary>
    public bool TryTake(in StoredSpan span, ExemplarBuckets buckets)
    {
        if (buckets.IsFull || span.TraceId.IsEmpty || _traces.Contains(span.TraceId))
        {
            return false;
        }

        if (!buckets.TryAdd(TimestampMsOf(span)))
        {
            return false;
        }

        _traces.Add(span.TraceId);
        return true;
    }

    public static MetricsExemplar Create(in StoredSpan span, double value) => new(
        [
            new SeriesLabel(TraceQLKeywords.TraceIdLabel, StaticValue.OfString(TraceIdText(span.TraceId))),
            new SeriesLabel(TraceQLKeywords.SpanIdLabel, StaticValue.OfString(span.SpanId.ToHex())),
        ],
        value,
        TimestampMsOf(span));

    /// <summary>Tempo's TraceIDToHexString: lowercase hex with leading zeros removed.</summary>
    public static string TraceIdText(TraceId id) => id.ToHex().TrimStart('0');

    private static long TimestampMsOf(in StoredSpan span) => (long)(span.StartUnixNano / 1_000_000);
}
