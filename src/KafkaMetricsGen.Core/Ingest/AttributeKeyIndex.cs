
namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Finds every attribute key a reader asks about in one pass over an attribute list, instead of one scan per key (the
/// service-graph edge writer's dimensions, peer and database attributes and database server keys are a dozen keys, most
/// absent), and answers whether a key is one of them (<see cref="SpanProjection"/>). Keys are
/// bucketed by byte length, so an attribute whose length matches no key costs one array read. As with
/// <see cref="SpanBatch.TryFind"/>, the first attribute with a key wins.
/// </summary>
internal sealed class AttributeKeyIndex
{
    private readonly List<byte[]> _keys = [];
    private int[][] _idsByLength = [];

    /// <summary>Number of distinct keys; ids run from 0 to this − 1.</summary>
    public int KeyCount => _keys.Count;

    /// <summary>The keys, in id order.</summary>
    public IReadOnlyList<byte[]> Keys => _keys;

    /// <summary>True when <paramref name="key"/> is one of the keys: one array read when no key has its length.</summary>
    public bool Contains(ReadOnlySpan<byte> key)
    {
        var buckets = _idsByLength;
        if ((uint)key.Length >= (uint)buckets.Length)
        {
            return false;
        }

        foreach (var id in buckets[key.Length])
        {
            if (key.SequenceEqual(_keys[id]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The id of <paramref name="key"/>, adding it when new. Call before any <see cref="Scan"/>.</summary>
    public int Add(byte[] key)
    {
        for (var id = 0; id < _keys.Count; id++)
        {
            if (_keys[id].AsSpan().SequenceEqual(key))
            {
                return id;
            }
        }

        _keys.Add(key);
        var longest = 0;
        foreach (var k in _keys)
        {
            longest = Math.Max(longest, k.Length);
        }

        var buckets = new List<int>[longest + 1];
        for (var id = 0; id < _keys.Count; id++)
        {
            (buckets[_keys[id].Length] ??= []).Add(id);
        }

        _idsByLength = new int[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            _idsByLength[length] = buckets[length] is { } ids ? [.. ids] : [];
        }

        return _keys.Count - 1;
    }

    /// <summary>
    /// Sets <paramref name="found"/>[id] and <paramref name="first"/>[id] for each key present in
    /// <paramref name="attributes"/>; both spans are <see cref="KeyCount"/> long and cleared here.
    /// </summary>
    public void Scan(SpanBatch batch, ReadOnlySpan<AttributeRef> attributes, Span<AttributeRef> first, Span<bool> found)
    {
        found.Clear();
        var buckets = _idsByLength;
        foreach (ref readonly var a in attributes)
        {
            var length = a.Key.Length;
            if ((uint)length >= (uint)buckets.Length)
            {
                continue;
            }

            foreach (var id in buckets[length])
            {
                if (!found[id] && batch.Bytes(a.Key).SequenceEqual(_keys[id]))
                {
                    found[id] = true;
                    first[id] = a;
                }
            }
        }
    }
}
