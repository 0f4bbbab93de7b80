using Confluent.Kafka;
using Streamiz.Kafka.Net;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// librdkafka settings where the worker differs from librdkafka's defaults; each applies unless
/// <c>kafka.client_config</c> names the key. They go to Streamiz's common consumer settings, so the main consumer
/// (input and repartition topics), the restore consumer (changelogs) and the global consumer all get them; the socket
/// setting also reaches the producer and the admin client; the compression and the transaction timeout are the producer's.
/// </summary>
public static class StreamClientDefaults
{
    public const string FetchQueueBackoffKey = "fetch.queue.backoff.ms";

    /// <summary>
    /// 10 ms (librdkafka: 1000). When a partition's prefetch queue is full, librdkafka waits this long before fetching
    /// that partition again. A worker whose stream thread is busier than the network keeps its queues full, so with the
    /// default each partition idles up to a second after the thread catches up: about 1.1 s per million spans.
    /// </summary>
    public const int FetchQueueBackoffMs = 10;

    public const string FetchWaitMaxKey = "fetch.wait.max.ms";

    /// <summary>
    /// 100 ms (librdkafka: 500). One fetch per broker is in flight at a time; while it waits for data on caught-up
    /// partitions (a repartition topic between two stages, say), partitions that have data again cannot be fetched, and
    /// each hop's last records wait up to this long. It costs at most ten empty fetches a second per broker when idle.
    /// </summary>
    public const int FetchWaitMaxMs = 100;

    public const string SocketNagleDisableKey = "socket.nagle.disable";

    /// <summary>
    /// True (librdkafka: false), as Kafka's Java clients always do. With Nagle's algorithm a small request sent while an
    /// earlier one is unacknowledged waits for the peer's delayed ACK (up to 40 ms on Linux); the stream thread waits for
    /// several small requests at every commit (offset commit, and under exactly-once the transaction's offsets and end).
    /// </summary>
    public const bool SocketNagleDisable = true;

    public const string CompressionTypeKey = "compression.type";

    /// <summary>
    /// LZ4 (librdkafka: none), for what the stream thread's producer writes: the spans-by-trace frames (about half as many
    /// bytes as the input), the series deltas and the store changelogs. The brokers store, replicate and serve those
    /// batches as they came, and the next stage or a restore reads every byte back; the frames, the bulk of it, compress to
    /// about a third (docs/benchmarks.md). librdkafka compresses and decompresses in its own broker threads, not on the
    /// stream thread. The record batch headers stay uncompressed, so the transaction markers and isolation work as before.
    /// </summary>
    public const CompressionType Compression = CompressionType.Lz4;

    public const string TransactionTimeoutKey = "transaction.timeout.ms";

    /// <summary>
    /// 300,000 ms under exactly-once (librdkafka: 60,000). librdkafka caps a transactional producer's delivery timeout
    /// (<c>message.timeout.ms</c>, 300,000 otherwise) at this, so with the default a broker that hangs for a minute fails
    /// every record in flight and ends the stream thread; with this, exactly-once rides out a hang of up to five minutes
    /// as at-least-once does. A worker that restarts fences its own open transaction at once (its transactional id is
    /// kept in its state directory); only one that never comes back leaves it open this long (brokers cap the value at
    /// their <c>transaction.max.timeout.ms</c>, 15 min by default).
    /// </summary>
    public const int TransactionTimeoutMs = 300_000;

    /// <summary>Sets each default that <paramref name="clientConfig"/> does not name.</summary>
    public static void Apply(StreamConfig config, IReadOnlyDictionary<string, string> clientConfig)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(clientConfig);
        if (!clientConfig.ContainsKey(FetchQueueBackoffKey))
        {
            config.FetchQueueBackoffMs = FetchQueueBackoffMs;
        }

        if (!clientConfig.ContainsKey(FetchWaitMaxKey))
        {
            config.FetchWaitMaxMs = FetchWaitMaxMs;
        }

        if (!clientConfig.ContainsKey(SocketNagleDisableKey))
        {
            config.SocketNagleDisable = SocketNagleDisable;
        }

        if (!clientConfig.ContainsKey(CompressionTypeKey))
        {
            config.CompressionType = Compression;
        }

        if (config.Guarantee == ProcessingGuarantee.EXACTLY_ONCE && !clientConfig.ContainsKey(TransactionTimeoutKey))
        {
            config.TransactionTimeoutMs = TransactionTimeoutMs;
        }
    }
}
