using Streamiz.Kafka.Net.State;

namespace KafkaMetricsGen.Streams.Generate;

/// <summary>The pending edges in a Streamiz key-value store (in memory, with a changelog topic it is restored from).</summary>
public sealed class StreamizEdgeStateStore(IKeyValueStore<byte[], byte[]> store) : IEdgeStateStore
{
    public void Put(byte[] key, byte[] value) => store.Put(key, value);

    public void Delete(byte[] key) => store.Delete(key);

    public IEnumerable<KeyValuePair<byte[], byte[]>> All() => store.All().ToList();
}
