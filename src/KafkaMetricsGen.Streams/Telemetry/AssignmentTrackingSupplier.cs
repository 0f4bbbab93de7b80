using Confluent.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Streamiz's default client supplier with the main consumer's rebalance listener wrapped, so the worker status and
/// <c>tempo_metrics_generator_assigned_partitions</c> follow the input partitions this instance owns (Streamiz has no
/// public assignment event).
/// </summary>
public sealed class AssignmentTrackingSupplier : IKafkaSupplier
{
    private readonly DefaultKafkaClientSupplier _inner;
    private readonly AssignmentTracker _tracker;

    public AssignmentTrackingSupplier(IStreamConfig config, IReadOnlyCollection<string> inputTopics, WorkerStatus status)
    {
        _inner = new DefaultKafkaClientSupplier(new KafkaLoggerAdapter(config), config);
        _tracker = new AssignmentTracker(inputTopics, status);
    }

    public StreamMetricsRegistry MetricsRegistry
    {
        get => _inner.MetricsRegistry;
        set => _inner.MetricsRegistry = value;
    }

    public IAdminClient GetAdmin(AdminClientConfig config) => _inner.GetAdmin(config);

    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener rebalanceListener) =>
        _inner.GetConsumer(config, new AssignmentListener(rebalanceListener, _tracker));

    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) => _inner.GetGlobalConsumer(config);

    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config) => _inner.GetProducer(config);

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => _inner.GetRestoreConsumer(config);
}
