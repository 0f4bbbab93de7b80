using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// The stored spans of one trace and their parent links, which the structural operators walk. A span whose parent is
/// not stored (not received yet, expired, or dropped by <c>filter_server_spans</c>) has no parent here: it is a local
/// root, so it is nobody's child or descendant and has no siblings.
/// </summary>
public sealed class TraceSpans
{
    /// <summary>Up to this many spans, parents are found by scanning rather than through a dictionary.</summary>
    private const int ScanLimit = 16;

    private readonly Dictionary<SpanId, int> _index = [];
    private int[] _parents = [];

    public List<StoredSpan> Spans { get; private set; } = [];

    public TraceInfo Info { get; private set; }

    public int Count => Spans.Count;

    /// <summary>Starts over with the spans of another trace (the list is read, not copied).</summary>
    public void Reset(List<StoredSpan> spans, in TraceInfo info)
    {
        ArgumentNullException.ThrowIfNull(spans);
        Spans = spans;
        Info = info;
        if (_parents.Length < spans.Count)
        {
            _parents = new int[Math.Max(spans.Count, _parents.Length * 2)];
        }

        if (spans.Count <= ScanLimit)
        {
            for (var i = 0; i < spans.Count; i++)
            {
                _parents[i] = Scan(spans, i);
            }

            return;
        }

        _index.Clear();
        for (var i = 0; i < spans.Count; i++)
        {
            _index.TryAdd(spans[i].SpanId, i);
        }

        for (var i = 0; i < spans.Count; i++)
        {
            var parent = spans[i].ParentSpanId;
            _parents[i] = !parent.IsEmpty && _index.TryGetValue(parent, out var p) && p != i ? p : -1;
        }
    }

    /// <summary>The index of a span's stored parent, or -1.</summary>
    public int ParentOf(int span) => _parents[span];

    private static int Scan(List<StoredSpan> spans, int child)
    {
        var parent = spans[child].ParentSpanId;
        if (parent.IsEmpty)
        {
            return -1;
        }

        for (var j = 0; j < spans.Count; j++)
        {
            if (j != child && spans[j].SpanId == parent)
            {
                return j;
            }
        }

        return -1;
    }
}
