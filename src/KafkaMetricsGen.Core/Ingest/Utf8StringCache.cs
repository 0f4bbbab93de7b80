namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Interns strings decoded from UTF-8 bytes: service names, span names and attribute values repeat across batches, so
/// after warm-up a lookup finds the string without allocating. Fixed size, direct-mapped: a colliding new value replaces
/// the old one, so high-cardinality values cost one allocation each and never grow memory. Not thread-safe; one per
/// decoder thread.
/// </summary>
public sealed class Utf8StringCache
{
    /// <summary>The size of a thread's cache (65,536 entries): the strings of all its tasks share it.</summary>
    public const int ThreadCapacityPowerOfTwo = 16;

    [ThreadStatic]
    private static Utf8StringCache? t_current;

    private readonly Entry[] _entries;
    private readonly int _mask;

    public Utf8StringCache(int capacityPowerOfTwo = 14)
    {
        _entries = new Entry[1 << capacityPowerOfTwo];
        _mask = _entries.Length - 1;
    }

    /// <summary>
    /// The calling thread's cache. The tasks of one stream thread decode into batches of their own; giving them this one
    /// cache shares one table and one copy of each string among them, where a table per task (16,384 entries) kept
    /// hundreds of them in memory on a busy thread.
    /// </summary>
    public static Utf8StringCache OfCurrentThread() => t_current ??= new Utf8StringCache(ThreadCapacityPowerOfTwo);

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > 256)
        {
            return Utf8Text.Decode(utf8);
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        var h = hash.ToHashCode();
        ref var entry = ref _entries[h & _mask];
        if (entry.Hash == h && entry.Bytes is { } bytes && utf8.SequenceEqual(bytes))
        {
            return entry.Value!;
        }

        var value = Utf8Text.Decode(utf8);
        entry = new Entry(h, utf8.ToArray(), value);
        return value;
    }

    private record struct Entry(int Hash, byte[]? Bytes, string? Value);
}
