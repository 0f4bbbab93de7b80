using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// The nested-set numbers of every trace in a query's chunks, built on the first read of a nested-set intrinsic, so a
/// query that reads none pays nothing but this object. One query reads it from one thread.
/// </summary>
public sealed class NestedSetIndex(IReadOnlyList<ReadOnlyMemory<StoredSpan>> chunks)
{
    private Dictionary<TraceId, NestedSetTree>? _trees;

    /// <summary>The numbers of a stored span of the chunks; false when it is not numbered (not stored, or in a cycle).</summary>
    public bool TryGet(TraceId trace, SpanId span, out int left, out int right, out int parent, out int childCount)
    {
        _trees ??= Build(chunks);
        if (_trees.TryGetValue(trace, out var tree))
        {
            return tree.TryGet(span, out left, out right, out parent, out childCount);
        }

        left = right = parent = childCount = 0;
        return false;
    }

    private static Dictionary<TraceId, NestedSetTree> Build(IReadOnlyList<ReadOnlyMemory<StoredSpan>> chunks)
    {
        var trees = new Dictionary<TraceId, NestedSetTree>();
        foreach (var chunk in chunks)
        {
            foreach (ref readonly var s in chunk.Span)
            {
                if (!trees.TryGetValue(s.TraceId, out var tree))
                {
                    tree = new NestedSetTree();
                    trees.Add(s.TraceId, tree);
                }

                tree.Add(s.SpanId, s.ParentSpanId);
            }
        }

        foreach (var tree in trees.Values)
        {
            tree.Number();
        }

        return trees;
    }
}
