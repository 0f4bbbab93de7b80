using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>
/// The stored spans of one trace, read in place from the store's chunks (not copied), and their parent links, which
/// the structural operators walk. A span whose parent is not stored (not received yet, expired, or dropped by
/// <c>filter_server_spans</c>) has no parent here: it is a local root, so it is nobody's child or descendant and has
/// no siblings. One instance is reused trace after trace, so its arrays only grow.
/// </summary>
public sealed class TraceSpans
{
    /// <summary>Up to this many spans, parents are found by scanning rather than through a dictionary.</summary>
    private const int ScanLimit = 16;

    private readonly Dictionary<SpanId, int> _index = [];
    private IReadOnlyList<ReadOnlyMemory<StoredSpan>> _chunks = [];
    private int[] _chunkOf = [];
    private int[] _indexOf = [];
    private int[] _parents = [];
    private int _start;

    public TraceInfo Info { get; private set; }

    public int Count { get; private set; }

    /// <summary>The trace's span <paramref name="span"/> (0 .. <see cref="Count"/> - 1).</summary>
    public ref readonly StoredSpan this[int span] => ref _chunks[_chunkOf[_start + span]].Span[_indexOf[_start + span]];

    /// <summary>
    /// Starts over with the spans of another trace: span i is <c>chunks[chunkOf[start + i]].Span[indexOf[start + i]]</c>.
    /// The index arrays are read, not copied.
    /// </summary>
    public void Reset(IReadOnlyList<ReadOnlyMemory<StoredSpan>> chunks, int[] chunkOf, int[] indexOf, int start, int count, in TraceInfo info)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(chunkOf);
        ArgumentNullException.ThrowIfNull(indexOf);
        _chunks = chunks;
        _chunkOf = chunkOf;
        _indexOf = indexOf;
        _start = start;
        Count = count;
        Info = info;
        if (_parents.Length < count)
        {
            _parents = new int[Math.Max(count, _parents.Length * 2)];
        }

        if (count <= ScanLimit)
        {
            for (var i = 0; i < count; i++)
            {
                _parents[i] = Scan(i);
            }

            return;
        }

        _index.Clear();
        for (var i = 0; i < count; i++)
        {
            _index.TryAdd(this[i].SpanId, i);
        }

        for (var i = 0; i < count; i++)
        {
            var parent = this[i].ParentSpanId;
            _parents[i] = !parent.IsEmpty && _index.TryGetValue(parent, out var p) && p != i ? p : -1;
        }
    }

    /// <summary>The index of a span's stored parent, or -1.</summary>
    public int ParentOf(int span) => _parents[span];

    private int Scan(int child)
    {
        var parent = this[child].ParentSpanId;
        if (parent.IsEmpty)
        {
            return -1;
        }

        for (var j = 0; j < Count; j++)
        {
            if (j != child && this[j].SpanId == parent)
            {
                return j;
            }
        }

        return -1;
    }
}
