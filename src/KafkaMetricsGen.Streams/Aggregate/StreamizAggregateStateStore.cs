using Streamiz.Kafka.Net.State;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>The aggregate state in a Streamiz key-value store (RocksDB with a changelog topic).</summary>
public sealed class StreamizAggregateStateStore(IKeyValueStore<string, byte[]> store) : IAggregateStateStore
{
    public void Put(string key, byte[] value) => store.Put(key, value);

    public void Delete(string key) => store.Delete(key);

    public IEnumerable<KeyValuePair<string, byte[]>> All() => store.All().ToList();
}
