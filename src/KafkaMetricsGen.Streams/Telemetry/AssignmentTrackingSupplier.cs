using Confluent.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Streamiz's default client supplier with the main consumer's rebalance listener wrapped, so the worker status and
/// <c>tempo_metrics_generator_assigned_partitions</c> follow the input partitions this instance owns (Streamiz has no
/// public assignment event), and lost assignments reported as lost.
/// </summary>
public sealed class AssignmentTrackingSupplier : IKafkaSupplier
{
    private readonly DefaultKafkaClientSupplier _inner;
    private readonly AssignmentTracker _tracker;
    private readonly IStreamConfig _config;
    private readonly KafkaLoggerAdapter _logger;
    private readonly RebalanceHooks? _hooks;

    public AssignmentTrackingSupplier(IStreamConfig config, IReadOnlyCollection<string> inputTopics, WorkerStatus status, RebalanceHooks? hooks = null)
    {
        _hooks = hooks;
        _config = config;
        _logger = new KafkaLoggerAdapter(config);
        _inner = new DefaultKafkaClientSupplier(_logger, config);
        _tracker = new AssignmentTracker(inputTopics, status);
    }

    public StreamMetricsRegistry MetricsRegistry
    {
        get => _inner.MetricsRegistry;
        set => _inner.MetricsRegistry = value;
    }

    public IAdminClient GetAdmin(AdminClientConfig config) => _inner.GetAdmin(config);

    /// <summary>The main consumer: lost assignments reach Streamiz as lost, not revoked (see <see cref="LostPartitionsClientBuilder"/>).</summary>
    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener rebalanceListener)
    {
        var listener = new AssignmentListener(rebalanceListener, _tracker, _hooks);
        var supplier = new DefaultKafkaClientSupplier(_logger, _config, new LostPartitionsClientBuilder(listener)) { MetricsRegistry = _inner.MetricsRegistry };
        return supplier.GetConsumer(config, listener);
    }

    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) => _inner.GetGlobalConsumer(config);

    /// <summary>The producer, whose aborted transactions run <see cref="RebalanceHooks.Aborting"/> first.</summary>
    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config)
    {
        var producer = _inner.GetProducer(config);
        return _hooks?.Aborting is { } aborting ? new AbortObservingProducer(producer, aborting) : producer;
    }

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => _inner.GetRestoreConsumer(config);
}
