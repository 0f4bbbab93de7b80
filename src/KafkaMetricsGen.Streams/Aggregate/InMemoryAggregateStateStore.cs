namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>The reference state store: a sorted dictionary.</summary>
public sealed class InMemoryAggregateStateStore : IAggregateStateStore
{
    private readonly SortedDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public void Put(string key, byte[] value) => _entries[key] = value;

    public void Delete(string key) => _entries.Remove(key);

    public IEnumerable<KeyValuePair<string, byte[]>> All() => _entries.ToArray();
}
