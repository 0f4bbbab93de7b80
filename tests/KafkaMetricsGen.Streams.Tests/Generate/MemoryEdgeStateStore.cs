namespace KafkaMetricsGen.Streams.Generate;

/// <summary>A key-value "disk" for edge-store tests; a new <see cref="PersistentEdgeStore"/> over it is a restarted task.</summary>
internal sealed class MemoryEdgeStateStore : IEdgeStateStore
{
    private readonly Dictionary<string, KeyValuePair<byte[], byte[]>> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public int Puts { get; private set; }

    public int Deletes { get; private set; }

    public void Put(byte[] key, byte[] value)
    {
        Puts++;
        _entries[Convert.ToHexString(key)] = new(key, value);
    }

    public void Delete(byte[] key)
    {
        Deletes++;
        _entries.Remove(Convert.ToHexString(key));
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> All() => _entries.Values.ToList();
}
