using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// The stream thread's producer, telling <paramref name="aborting"/> before each transaction it aborts. Streamiz aborts
/// without a word when a commit fails (a revoked task's last commit among them) and still checkpoints the task's stores
/// with the aborted writes; the callback lets the worker restore them from the changelogs instead.
/// </summary>
internal sealed class AbortObservingProducer(IProducer<byte[], byte[]> inner, Action aborting) : IProducer<byte[], byte[]>
{
    public Handle Handle => inner.Handle;

    public string Name => inner.Name;

    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);

    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken = default) =>
        inner.ProduceAsync(topic, message, cancellationToken);

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(TopicPartition topicPartition, Message<byte[], byte[]> message, CancellationToken cancellationToken = default) =>
        inner.ProduceAsync(topicPartition, message, cancellationToken);

    public void Produce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
        inner.Produce(topic, message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
        inner.Produce(topicPartition, message, deliveryHandler);

    public int Poll(TimeSpan timeout) => inner.Poll(timeout);

    public int Flush(TimeSpan timeout) => inner.Flush(timeout);

    public void Flush(CancellationToken cancellationToken = default) => inner.Flush(cancellationToken);

    public void InitTransactions(TimeSpan timeout) => inner.InitTransactions(timeout);

    public void BeginTransaction() => inner.BeginTransaction();

    public void CommitTransaction(TimeSpan timeout) => inner.CommitTransaction(timeout);

    public void CommitTransaction() => inner.CommitTransaction();

    public void AbortTransaction(TimeSpan timeout)
    {
        aborting();
        inner.AbortTransaction(timeout);
    }

    public void AbortTransaction()
    {
        aborting();
        inner.AbortTransaction();
    }

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) =>
        inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);

    public void Dispose() => inner.Dispose();
}
