using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Commit;

/// <summary>
/// A stream thread's producer: its <c>Flush</c> returns within about a millisecond of the last acknowledgement, and it
/// tells <c>aborting</c> before each transaction it aborts.
/// <para>
/// Streamiz flushes the producer once per task at every commit. The client's own flush waits for delivery reports in
/// steps of 10 ms (librdkafka's <c>rd_kafka_flush</c> polls the report queue with a 10 ms timeout), and the client's
/// background thread, which polls the same queue, takes most reports first; so a flush that has anything to wait for
/// lasts about 10 ms however fast the broker answers. With one task per input partition (66 in the benchmark) a commit
/// cost 0.5–1 s, and an at-least-once thread working through a backlog, which commits about every 100 ms
/// (<see cref="CommitPacer"/>), spent most of its time there: 0.12 of a plain consumer's rate against 0.97 with
/// commits five seconds apart (docs/benchmarks.md). This flush asks the client in steps of
/// <see cref="CommitDefaults.FlushStep"/> instead; each step also sends what lingers at once, as a flush does.
/// </para>
/// <para>
/// Streamiz aborts without a word when a commit fails (a revoked task's last commit among them) and still checkpoints
/// the task's stores with the aborted writes; the callback lets the worker restore them from the changelogs instead.
/// The abort of a fenced producer returns quietly (see <see cref="IsFenced"/>).
/// </para>
/// <para>Everything else goes to the client as it is.</para>
/// </summary>
public sealed class StreamThreadProducer : IProducer<byte[], byte[]>
{
    private readonly IProducer<byte[], byte[]> _inner;
    private readonly Action? _aborting;

    public StreamThreadProducer(IProducer<byte[], byte[]> inner, Action? aborting = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _aborting = aborting;
    }

    public Handle Handle => _inner.Handle;

    public string Name => _inner.Name;

    /// <summary>Waits until every record produced so far is acknowledged (or failed), as the client's flush does.</summary>
    public void Flush(CancellationToken cancellationToken = default)
    {
        while (_inner.Flush(CommitDefaults.FlushStep) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits at most <paramref name="timeout"/>; returns how many records are still unacknowledged.</summary>
    public int Flush(TimeSpan timeout)
    {
        var end = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        int left;
        while ((left = _inner.Flush(CommitDefaults.FlushStep)) > 0 && Environment.TickCount64 < end)
        {
        }

        return left;
    }

    public int AddBrokers(string brokers) => _inner.AddBrokers(brokers);

    public void SetSaslCredentials(string username, string password) => _inner.SetSaslCredentials(username, password);

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken = default) =>
        _inner.ProduceAsync(topic, message, cancellationToken);

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(TopicPartition topicPartition, Message<byte[], byte[]> message, CancellationToken cancellationToken = default) =>
        _inner.ProduceAsync(topicPartition, message, cancellationToken);

    public void Produce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
        _inner.Produce(topic, message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
        _inner.Produce(topicPartition, message, deliveryHandler);

    public int Poll(TimeSpan timeout) => _inner.Poll(timeout);

    public void InitTransactions(TimeSpan timeout) => _inner.InitTransactions(timeout);

    public void BeginTransaction() => _inner.BeginTransaction();

    public void CommitTransaction(TimeSpan timeout) => _inner.CommitTransaction(timeout);

    public void CommitTransaction() => _inner.CommitTransaction();

    public void AbortTransaction(TimeSpan timeout)
    {
        _aborting?.Invoke();
        try
        {
            _inner.AbortTransaction(timeout);
        }
        catch (KafkaException e) when (IsFenced(e.Error))
        {
            // The broker aborted the transaction when it fenced this producer; nothing is left to abort.
        }
    }

    public void AbortTransaction()
    {
        _aborting?.Invoke();
        try
        {
            _inner.AbortTransaction();
        }
        catch (KafkaException e) when (IsFenced(e.Error))
        {
            // As above.
        }
    }

    /// <summary>
    /// A newer producer with the same transactional id fenced this one. Streamiz swallows the broker's codes for that
    /// when it aborts, but not librdkafka's own (<c>_FENCED</c>, the fatal error a fenced producer reports): thrown out of
    /// the close that follows a fenced or failed commit, outside any handler, it ends the process.
    /// </summary>
    public static bool IsFenced(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code is ErrorCode.Local_Fenced or ErrorCode.ProducerFenced or ErrorCode.InvalidProducerEpoch;
    }

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) =>
        _inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);

    public void Dispose() => _inner.Dispose();
}
