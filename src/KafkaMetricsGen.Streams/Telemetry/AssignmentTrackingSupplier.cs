using Confluent.Kafka;
using KafkaMetricsGen.Streams.Commit;
using KafkaMetricsGen.Streams.Ingest;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// Streamiz's default client supplier with the main consumer's rebalance listener wrapped, so the worker status and
/// <c>tempo_metrics_generator_assigned_partitions</c> follow the input partitions this instance owns (Streamiz has no
/// public assignment event), and lost assignments reported as lost; the admin client of the stream's start check is
/// a <see cref="SnapshotMetadataAdminClient"/>, which takes most of the stream's start off the path to the first span.
/// </summary>
public sealed class AssignmentTrackingSupplier : IKafkaSupplier
{
    private readonly DefaultKafkaClientSupplier _inner;
    private readonly AssignmentTracker _tracker;
    private readonly IStreamConfig _config;
    private readonly KafkaLoggerAdapter _logger;
    private readonly RebalanceHooks? _hooks;
    private readonly IReadOnlyCollection<string> _inputTopics;

    // The transactional ids of the producers handed out so far (one per stream thread under exactly-once).
    private readonly HashSet<string> _transactionalIds = new(StringComparer.Ordinal);

    public AssignmentTrackingSupplier(IStreamConfig config, IReadOnlyCollection<string> inputTopics, WorkerStatus status, RebalanceHooks? hooks = null)
    {
        _hooks = hooks;
        _config = config;
        _inputTopics = inputTopics;
        _logger = new KafkaLoggerAdapter(config);
        _inner = new DefaultKafkaClientSupplier(_logger, config);
        _tracker = new AssignmentTracker(inputTopics, status);
    }

    public StreamMetricsRegistry MetricsRegistry
    {
        get => _inner.MetricsRegistry;
        set => _inner.MetricsRegistry = value;
    }

    /// <summary>
    /// Streamiz names the admin client of its start check (internal topics) with this; that one is wrapped in a
    /// <see cref="SnapshotMetadataAdminClient"/>. Should a Streamiz upgrade rename it, the check runs as before, only slower.
    /// </summary>
    public const string StartCheckClientIdPart = "-admin-internal-topic-manager";

    /// <summary>Admin clients; the one of the stream's start check answers from one metadata request and tears down aside.</summary>
    public IAdminClient GetAdmin(AdminClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var admin = _inner.GetAdmin(config);
        return config.ClientId?.Contains(StartCheckClientIdPart, StringComparison.Ordinal) == true ? SnapshotMetadataAdminClient.Wrap(admin) : admin;
    }

    /// <summary>
    /// The main consumer: lost assignments reach Streamiz as lost, not revoked (see <see cref="LostPartitionsClientBuilder"/>),
    /// and a processed record's value is let go of at once, a spans-by-trace frame's or an input record's array reused (<see cref="StreamThreadConsumer"/>).
    /// </summary>
    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener rebalanceListener)
    {
        var changes = new AssignmentChanges();
        var listener = new AssignmentListener(rebalanceListener, _tracker, _hooks, changes);
        var supplier = new DefaultKafkaClientSupplier(_logger, _config, new LostPartitionsClientBuilder(listener, StreamsNames.RepartitionTopic(_config.ApplicationId, StreamsNames.SpansByTrace), _inputTopics)) { MetricsRegistry = _inner.MetricsRegistry };
        return new StreamThreadConsumer(supplier.GetConsumer(config, listener), changes: changes);
    }

    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) => _inner.GetGlobalConsumer(config);

    /// <summary>
    /// The stream threads' producer (<see cref="StreamThreadProducer"/>): its flush returns as soon as the last record is
    /// acknowledged, and its aborted transactions run <see cref="RebalanceHooks.Aborting"/> first.
    /// <para>
    /// A transactional producer is connected to the cluster as it is created (<see cref="ProducerConnectionWarmup"/>).
    /// </para>
    /// <para>
    /// A second producer for a transactional id runs <see cref="RebalanceHooks.ProducerReplaced"/> first. Streamiz
    /// replaces a thread's producer only after it closed every task of the thread as a zombie (its TaskManager's
    /// HandleLostAll): on a TaskMigratedException, which is how Streamiz handles a fenced producer (a newer producer
    /// with the same transactional id, or an epoch the broker no longer knows), and after an error the inner handler
    /// let the thread ride out. It closes those tasks by flushing their stores and writing their checkpoints, and it
    /// aborts the open transaction only when it began one: a producer fenced as it begins a transaction aborts nothing,
    /// so <see cref="RebalanceHooks.Aborting"/> does not run, yet the stores may hold writes the tasks made since their
    /// last commit, which no transaction will commit.
    /// </para>
    /// </summary>
    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TransactionalId is { } id)
        {
            bool again;
            lock (_transactionalIds)
            {
                again = !_transactionalIds.Add(id);
            }

            if (again)
            {
                _hooks?.ProducerReplaced?.Invoke();
            }
        }

        var producer = _inner.GetProducer(config);
        if (config.TransactionalId is not null)
        {
            _ = ProducerConnectionWarmup.Start(producer, CommitDefaults.ProducerWarmupTimeout);
        }

        return new StreamThreadProducer(producer, _hooks?.Aborting);
    }

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => _inner.GetRestoreConsumer(config);
}
