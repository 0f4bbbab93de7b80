using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Picks exemplars while the first stage reads spans, as Tempo's metrics evaluator does: at most one per trace and at
/// most <c>limit</c> traces in all, each also admitted by its series' <see cref="ExemplarBuckets"/> so they spread over the
/// range. Tempo takes a random matching span of each trace and spends the trace's turn even when the bucket is full; this
/// takes the first matching span whose bucket has room, which is deterministic and wastes no turn.
/// </summary>
internal sealed class ExemplarSampler(uint limit, QueryRange alignedRange)
{
    private readonly HashSet<TraceId> _traces = [];

    public bool IsDone => _traces.Count >= limit;

    public ExemplarBuckets NewBuckets() => new(limit, alignedRange);

    /// <summary>Whether <paramref name="span"/> becomes an exemplar of the series that owns <paramref name="buckets"/>.</summary>
    public bool TryTake(in StoredSpan span, ExemplarBuckets buckets)
    {
        if (IsDone || buckets.IsFull || span.TraceId.IsEmpty || _traces.Contains(span.TraceId))
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
