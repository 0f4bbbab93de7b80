using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Tempo's nested-set numbers over the stored spans of one trace: a depth-first walk from each root gives every span
/// a left number on entry and a right number on exit (one counter from 1, carried from root to root), its parent's
/// left number, and its number of stored children. A trace root's parent is -1; a span whose parent is not stored is
/// numbered as a root of the stored tree but has parent 0, since it is not the trace's root.
/// </summary>
public sealed class NestedSetTree
{
    private readonly List<SpanId> _ids = [];
    private readonly List<SpanId> _parentIds = [];
    private Dictionary<SpanId, int>? _index;
    private int[] _left = [];
    private int[] _right = [];
    private int[] _parent = [];
    private int[] _children = [];

    /// <summary>Adds a stored span; call <see cref="Number"/> once all spans of the trace are added.</summary>
    public void Add(SpanId span, SpanId parent)
    {
        _ids.Add(span);
        _parentIds.Add(parent);
    }

    /// <summary>Numbers the spans added so far, children in the order they were added.</summary>
    public void Number()
    {
        var count = _ids.Count;
        _index = new Dictionary<SpanId, int>(count);
        for (var i = 0; i < count; i++)
        {
            _index.TryAdd(_ids[i], i);
        }

        var parentOf = new int[count];
        var firstChild = new int[count];
        var nextSibling = new int[count];
        Array.Fill(firstChild, -1);
        Array.Fill(nextSibling, -1);
        _left = new int[count];
        _right = new int[count];
        _parent = new int[count];
        _children = new int[count];
        for (var i = 0; i < count; i++)
        {
            var p = !_parentIds[i].IsEmpty && _index.TryGetValue(_parentIds[i], out var found) && found != i ? found : -1;
            parentOf[i] = p;
            if (p < 0)
            {
                continue;
            }

            // Prepended, so each child list runs last-added first: pushed in that order, the first is popped first.
            _children[p]++;
            nextSibling[i] = firstChild[p];
            firstChild[p] = i;
        }

        var counter = 0;
        var stack = new Stack<(int Span, bool Exit)>();
        for (var root = 0; root < count; root++)
        {
            if (parentOf[root] >= 0 || _left[root] != 0)
            {
                continue;
            }

            stack.Push((root, false));
            while (stack.TryPop(out var top))
            {
                if (top.Exit)
                {
                    _right[top.Span] = ++counter;
                    continue;
                }

                var s = top.Span;
                _left[s] = ++counter;
                var p = parentOf[s];
                _parent[s] = p >= 0 ? _left[p] : _parentIds[s].IsEmpty ? -1 : 0;
                stack.Push((s, true));

                for (var c = firstChild[s]; c >= 0; c = nextSibling[c])
                {
                    if (_left[c] == 0)
                    {
                        stack.Push((c, false));
                    }
                }
            }
        }
    }

    /// <summary>The numbers of a stored span (after <see cref="Number"/>); false when the span is not in the tree.</summary>
    public bool TryGet(SpanId span, out int left, out int right, out int parent, out int childCount)
    {
        if (_index is not null && _index.TryGetValue(span, out var i) && _left[i] != 0)
        {
            left = _left[i];
            right = _right[i];
            parent = _parent[i];
            childCount = _children[i];
            return true;
        }

        left = right = parent = childCount = 0;
        return false;
    }
}
