namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>Where the aggregate stage keeps its cumulative state (a RocksDB store with a changelog in the topology).</summary>
public interface IAggregateStateStore
{
    void Put(string key, byte[] value);

    void Delete(string key);

    /// <summary>Every entry, for restoring after a restart or a rebalance.</summary>
    IEnumerable<KeyValuePair<string, byte[]>> All();
}
