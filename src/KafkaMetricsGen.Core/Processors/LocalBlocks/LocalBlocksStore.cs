using System.Buffers.Binary;
using KafkaMetricsGen.Core.TraceQL;
using RocksDbSharp;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>
/// One tenant's recent spans: time segments (by span start, <c>max_block_duration</c> wide) of immutable chunks, written
/// through to a RocksDB directory (key = segment start ms ‖ sequence, value = encoded chunk) and reloaded on open, so a
/// restart keeps the window. Queries read the in-memory chunks; retention and the byte bound drop whole segments.
/// </summary>
public sealed class LocalBlocksStore : IQuerySpanSource, IDisposable
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, LocalBlocksSegment> _segments = [];
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly LocalBlocksOptions _options;
    private readonly TimeProvider _time;
    private readonly string _tenant;
    private readonly long _segmentMs;
    private readonly RocksDb _db;
    private long _sequence;
    private long _bytes;

    public LocalBlocksStore(string directory, string tenant, LocalBlocksOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _tenant = tenant;
        _segmentMs = (long)options.MaxBlockDuration.TotalMilliseconds;
        Directory.CreateDirectory(directory);
        _db = RocksDb.Open(new DbOptions().SetCreateIfMissing(true), directory);
        Load();
    }

    public long Bytes => Volatile.Read(ref _bytes);

    public int SegmentCount
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>Appends spans (any order): one chunk per touched segment, written to disk before it becomes visible.</summary>
    public void Append(ReadOnlySpan<StoredSpan> spans)
    {
        if (spans.IsEmpty)
        {
            return;
        }

        var oldestMs = _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_options.CompleteBlockTimeout.TotalMilliseconds;
        var bySegment = new Dictionary<long, List<StoredSpan>>();
        long expired = 0;
        foreach (ref readonly var s in spans)
        {
            var startMs = (long)(s.StartUnixNano / 1_000_000);
            if (startMs < oldestMs)
            {
                expired++;
                continue;
            }

            var seg = startMs - (startMs % _segmentMs);
            if (!bySegment.TryGetValue(seg, out var list))
            {
                list = [];
                bySegment.Add(seg, list);
            }

            list.Add(s);
        }

        if (expired > 0)
        {
            LocalBlocksMetrics.SpansDropped.WithLabels(_tenant, LocalBlocksDropReasons.Expired).Inc(expired);
        }

        lock (_gate)
        {
            foreach (var (segStart, list) in bySegment)
            {
                var chunk = list.ToArray();
                var value = StoredSpanCodec.Encode(chunk);
                var key = Key(segStart, ++_sequence);
                _db.Put(key, value);
                AddChunk(segStart, key, chunk, value.Length);
                LocalBlocksMetrics.SpansStored.WithLabels(_tenant).Inc(chunk.Length);
            }

            EnforceLimits();
        }
    }

    public IReadOnlyList<ReadOnlyMemory<StoredSpan>> Chunks(ulong fromUnixNano, ulong toUnixNano)
    {
        var fromMs = (long)(fromUnixNano / 1_000_000);
        var toMs = (long)(toUnixNano / 1_000_000);
        var result = new List<ReadOnlyMemory<StoredSpan>>();
        lock (_gate)
        {
            foreach (var (start, segment) in _segments)
            {
                if (start > toMs)
                {
                    break;
                }

                if (start + _segmentMs < fromMs)
                {
                    continue;
                }

                foreach (var c in segment.Chunks)
                {
                    result.Add(c);
                }
            }
        }

        return result;
    }

    /// <summary>Drops segments older than complete_block_timeout, then the oldest ones while over max_block_bytes.</summary>
    public void EnforceLimits()
    {
        lock (_gate)
        {
            var oldestMs = _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_options.CompleteBlockTimeout.TotalMilliseconds;
            while (_segments.Count > 0)
            {
                var first = _segments.First().Value;
                string reason;
                if (first.StartMs + _segmentMs <= oldestMs)
                {
                    reason = LocalBlocksDropReasons.Expired;
                }
                else if (_bytes > _options.MaxBlockBytes)
                {
                    reason = LocalBlocksDropReasons.MaxBlockBytes;
                }
                else
                {
                    break;
                }

                Drop(first, reason);
            }

            Publish();
        }
    }

    public void Dispose() => _db.Dispose();

    private void Drop(LocalBlocksSegment segment, string reason)
    {
        foreach (var key in segment.Keys)
        {
            _db.Remove(key);
        }

        _segments.Remove(segment.StartMs);
        _bytes -= segment.Bytes;
        LocalBlocksMetrics.SpansDropped.WithLabels(_tenant, reason).Inc(segment.SpanCount);
    }

    private void AddChunk(long segStart, byte[] key, StoredSpan[] chunk, long bytes)
    {
        if (!_segments.TryGetValue(segStart, out var segment))
        {
            segment = new LocalBlocksSegment(segStart);
            _segments.Add(segStart, segment);
            LocalBlocksMetrics.SegmentsCut.WithLabels(_tenant).Inc();
        }

        segment.Chunks.Add(chunk);
        segment.Keys.Add(key);
        segment.Bytes += bytes + key.Length;
        segment.SpanCount += chunk.Length;
        _bytes += bytes + key.Length;
    }

    private void Load()
    {
        using var it = _db.NewIterator();
        for (it.SeekToFirst(); it.Valid(); it.Next())
        {
            var key = it.Key();
            var segStart = BinaryPrimitives.ReadInt64BigEndian(key);
            _sequence = Math.Max(_sequence, BinaryPrimitives.ReadInt64BigEndian(key.AsSpan(8)));
            var value = it.Value();
            AddChunk(segStart, key, StoredSpanCodec.Decode(value, Intern), value.Length);
        }

        EnforceLimits();
    }

    private string Intern(string s)
    {
        if (_strings.TryGetValue(s, out var existing))
        {
            return existing;
        }

        _strings[s] = s;
        return s;
    }

    private void Publish()
    {
        LocalBlocksMetrics.Bytes.WithLabels(_tenant).Set(_bytes);
        LocalBlocksMetrics.Segments.WithLabels(_tenant).Set(_segments.Count);
    }

    private static byte[] Key(long segmentStartMs, long sequence)
    {
        var key = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(key, segmentStartMs);
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(8), sequence);
        return key;
    }
}
