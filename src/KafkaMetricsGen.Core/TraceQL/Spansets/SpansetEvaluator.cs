using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// Runs a spanset pipeline trace by trace over the stored spans and returns the spans it keeps as a filter, so the
/// metrics engine and search then read spans as they do for a plain <c>{ ... }</c>. Each span counts once, however
/// many output spansets hold it.
/// </summary>
public static class SpansetEvaluator
{
    public static SpanFilter Resolve(
        SpansetStage stages,
        IReadOnlyList<ReadOnlyMemory<StoredSpan>> chunks,
        Dictionary<TraceId, TraceInfo> traces,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(traces);
        var byTrace = new Dictionary<TraceId, List<StoredSpan>>();
        foreach (var chunk in chunks)
        {
            foreach (ref readonly var span in chunk.Span)
            {
                if (!byTrace.TryGetValue(span.TraceId, out var list))
                {
                    byTrace.Add(span.TraceId, list = []);
                }

                list.Add(span);
            }
        }

        var kept = new HashSet<(TraceId, SpanId)>();
        var trace = new TraceSpans();
        var output = new List<List<int>>();
        var all = new List<int>();
        foreach (var (id, spans) in byTrace)
        {
            cancellationToken.ThrowIfCancellationRequested();
            traces.TryGetValue(id, out var info);
            trace.Reset(spans, info);
            all.Clear();
            for (var i = 0; i < spans.Count; i++)
            {
                all.Add(i);
            }

            output.Clear();
            stages.Apply(trace, [all], output);
            foreach (var set in output)
            {
                foreach (var i in set)
                {
                    kept.Add((id, spans[i].SpanId));
                }
            }
        }

        return new KeptSpansFilter(kept);
    }
}
