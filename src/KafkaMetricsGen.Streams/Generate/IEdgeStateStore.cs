namespace KafkaMetricsGen.Streams.Generate;

/// <summary>Where a generate task keeps its pending service-graph edges (an in-memory store with a changelog in the topology).</summary>
public interface IEdgeStateStore
{
    void Put(byte[] key, byte[] value);

    void Delete(byte[] key);

    /// <summary>Every entry, for restoring after a restart or a rebalance.</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> All();
}
