using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// The spans of one decoded record that cross the trace hop, grouped by trace partition: their indices in one flat
/// array, partition after partition, each partition's in the record's order, and the partitions that got any in
/// ascending order. A record of a few traces touches a few of many partitions, so the work per record follows its spans
/// and the partitions it touches, not the partition count. A trace's spans come several to a record, so the partitions
/// of the traces seen last are remembered (<see cref="RecentTraces"/>, by the trace id's low bits) and a repeat skips
/// the hash.
/// </summary>
public sealed class SpansByPartition
{
    /// <summary>Traces whose partition is remembered (a power of two).</summary>
    public const int RecentTraces = 32;

    private readonly int[] _counts;
    private readonly TraceId[] _recent = new TraceId[RecentTraces];
    private readonly int[] _recentPartition = new int[RecentTraces];
    private uint _recentSeed;
    private readonly int[] _starts;
    private int[] _touched;
    private int _touchedCount;
    private int[] _partitionOf = new int[256];
    private int[] _grouped = new int[256];

    public SpansByPartition(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        _counts = new int[partitions];
        _starts = new int[partitions];
        _touched = new int[Math.Min(partitions, 64)];
        _recentPartition.AsSpan().Fill(-1);
    }

    /// <summary>The spans grouped at the last <see cref="Group"/>, over every partition.</summary>
    public int Count { get; private set; }

    /// <summary>The partitions that got spans at the last <see cref="Group"/>, ascending.</summary>
    public ReadOnlySpan<int> Partitions => _touched.AsSpan(0, _touchedCount);

    /// <summary>The indices of the spans of <paramref name="partition"/>, in the record's order; empty for an untouched one.</summary>
    public ReadOnlySpan<int> Spans(int partition) => _grouped.AsSpan(_starts[partition], _counts[partition]);

    /// <summary>
    /// Groups the spans of <paramref name="batch"/> that <paramref name="selector"/> picks for the hop (every span when
    /// null) by their trace's partition under <paramref name="tenantSeed"/>.
    /// </summary>
    public void Group(SpanBatch batch, uint tenantSeed, TenantProcessors? selector)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var p in Partitions)
        {
            _counts[p] = 0;
        }

        _touchedCount = 0;
        var spans = batch.SpanCount;
        if (_partitionOf.Length < spans)
        {
            _partitionOf = new int[Math.Max(spans, _partitionOf.Length * 2)];
            _grouped = new int[_partitionOf.Length];
        }

        if (tenantSeed != _recentSeed)
        {
            _recentPartition.AsSpan().Fill(-1);
            _recentSeed = tenantSeed;
        }

        var partitions = _counts.Length;
        var selected = 0;
        for (var i = 0; i < spans; i++)
        {
            ref readonly var span = ref batch.Span(i);
            if (selector is not null && !selector.SelectsForTrace(batch, span))
            {
                _partitionOf[i] = -1;
                continue;
            }

            var slot = (int)span.TraceId.Low & (RecentTraces - 1);
            var p = _recentPartition[slot];
            if (p < 0 || _recent[slot] != span.TraceId)
            {
                p = TracePartitioner.PartitionOf(tenantSeed, span.TraceId, partitions);
                _recent[slot] = span.TraceId;
                _recentPartition[slot] = p;
            }

            _partitionOf[i] = p;
            selected++;
            if (_counts[p]++ == 0)
            {
                Touch(p);
            }
        }

        // Each partition's run starts where the one before ends; the runs fill in the record's order.
        var start = 0;
        foreach (var p in Partitions)
        {
            _starts[p] = start;
            start += _counts[p];
            _counts[p] = 0;
        }

        Count = selected;
        if (selected == 0)
        {
            return;
        }

        for (var i = 0; i < spans; i++)
        {
            var p = _partitionOf[i];
            if (p >= 0)
            {
                _grouped[_starts[p] + _counts[p]++] = i;
            }
        }
    }

    /// <summary>Adds a partition to the touched ones, keeping them ascending (a record touches few).</summary>
    private void Touch(int partition)
    {
        if (_touchedCount == _touched.Length)
        {
            Array.Resize(ref _touched, Math.Min(_touched.Length * 2, _counts.Length));
        }

        var at = _touchedCount;
        while (at > 0 && _touched[at - 1] > partition)
        {
            _touched[at] = _touched[at - 1];
            at--;
        }

        _touched[at] = partition;
        _touchedCount++;
    }
}
