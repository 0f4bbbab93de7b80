using System.Runtime.InteropServices;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// Runs a spanset pipeline trace by trace over the stored spans and returns the spans it keeps as a filter, so the
/// metrics engine then reads spans as it does for a plain <c>{ ... }</c>. Each span counts once, however many output
/// spansets hold it. Spans are grouped by trace once (a counting sort of their positions), read in place, and the kept
/// ones are marked by position (<see cref="KeptSpansFilter"/>).
/// </summary>
public static class SpansetEvaluator
{
    public static KeptSpansFilter Resolve(
        SpansetStage stages,
        IReadOnlyList<ReadOnlyMemory<StoredSpan>> chunks,
        Dictionary<TraceId, TraceInfo> traces,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(traces);
        var total = 0;
        foreach (var chunk in chunks)
        {
            total += chunk.Length;
        }

        // Number the traces and count their spans, then place each span's position in its trace's slot.
        var traceOf = new int[total];
        var numbers = new Dictionary<TraceId, int>();
        var ids = new List<TraceId>();
        var sizes = new List<int>();
        var position = 0;
        foreach (var chunk in chunks)
        {
            foreach (ref readonly var span in chunk.Span)
            {
                ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(numbers, span.TraceId, out var exists);
                if (!exists)
                {
                    number = ids.Count;
                    ids.Add(span.TraceId);
                    sizes.Add(0);
                }

                CollectionsMarshal.AsSpan(sizes)[number]++;
                traceOf[position++] = number;
            }
        }

        var starts = new int[ids.Count + 1];
        for (var t = 0; t < ids.Count; t++)
        {
            starts[t + 1] = starts[t] + sizes[t];
        }

        var next = (int[])starts.Clone();
        var chunkOf = new int[total];
        var indexOf = new int[total];
        var positionOf = new int[total];
        position = 0;
        for (var c = 0; c < chunks.Count; c++)
        {
            for (var i = 0; i < chunks[c].Length; i++, position++)
            {
                var slot = next[traceOf[position]]++;
                chunkOf[slot] = c;
                indexOf[slot] = i;
                positionOf[slot] = position;
            }
        }

        var kept = new bool[total];
        var keptCount = 0;
        var trace = new TraceSpans();
        var output = new List<List<int>>();
        var all = new List<int>();
        List<List<int>> input = [all];
        for (var t = 0; t < ids.Count; t++)
        {
            if ((t & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            traces.TryGetValue(ids[t], out var info);
            var start = starts[t];
            var count = starts[t + 1] - start;
            trace.Reset(chunks, chunkOf, indexOf, start, count, info);
            all.Clear();
            for (var i = 0; i < count; i++)
            {
                all.Add(i);
            }

            output.Clear();
            stages.Apply(trace, input, output);
            foreach (var set in output)
            {
                foreach (var i in set)
                {
                    ref var mark = ref kept[positionOf[start + i]];
                    keptCount += mark ? 0 : 1;
                    mark = true;
                }
            }
        }

        return new KeptSpansFilter(kept, keptCount);
    }
}
