using KafkaMetricsGen.Streams.Commit;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Topics;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// The worker: provisions every topic the topology needs, then runs the Streamiz topology until stopped or failed,
/// with its self-monitoring (assigned partitions, consumer lag, Streamiz metrics, remote-write health).
/// A stream that dies of a transient Kafka error is created anew (<see cref="StreamRunner"/>). Disposing stops the
/// stream (commit, store checkpoints) and then the sinks get a chance to flush (the caller's job).
/// </summary>
public sealed class KafkaWorker : IAsyncDisposable
{
    private readonly StreamRunner _runner;
    private readonly KafkaLagMonitor _lag;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _remoteWriteHealth;
    private readonly IdleCommitTrigger? _idleCommits;

    private readonly StreamLocalState _state;

    private KafkaWorker(StreamRunner runner, StreamLocalState state, string description, KafkaLagMonitor lag, StreamizMetricsBridge streamMetrics, RemoteWriteHealthWatcher? remoteWrite, IdleCommitTrigger? idleCommits)
    {
        _runner = runner;
        _state = state;
        _idleCommits = idleCommits;
        _lag = lag;
        StreamMetrics = streamMetrics;
        TopologyDescription = description;
        _remoteWriteHealth = remoteWrite is null
            ? Task.CompletedTask
            : Task.Run(() => remoteWrite.RunAsync(TelemetryDefaults.RemoteWriteCheckInterval, TimeProvider.System, _stopping.Token));
    }

    public string TopologyDescription { get; }

    public Task Running => _runner.Running;

    public Task<string> Failed => _runner.Failed;

    /// <summary>How many times the stream has been created anew after a transient Kafka failure.</summary>
    public int StreamRecreations => _runner.Recreations;

    /// <summary>Streamiz's metrics on /metrics; <see cref="StreamizMetricsBridge.LastReport"/> is the stream-thread heartbeat.</summary>
    public StreamizMetricsBridge StreamMetrics { get; }

    public static async Task<KafkaWorker> StartAsync(
        KafkaWorkerOptions options,
        WorkerTopologySettings topology,
        ITopicProvisioner topics,
        WorkerStatus status,
        ILoggerFactory loggers,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        WorkerLogs.Use(loggers);
        var state = new StreamLocalState(options.StateDir, options.ApplicationId, options.ProcessingGuarantee == KafkaWorkerDefaults.ExactlyOnce, loggers.CreateLogger<StreamLocalState>());
        state.BeforeStart();

        // Not awaited: a store initialized while it runs opens at its first use, which waits for it if it is still running
        // and fails the same way it would.
        var nativeReady = options.StoresReady ?? StateStoreWarmup.Start(options.StateDir);
        var built = WorkerTopology.Build(topology, state.ForNewStream(nativeReady));
        var specs = WorkerTopology.Topics(topology, options.ApplicationId);
        await topics.EnsureTopicsAsync(specs, cancellationToken).ConfigureAwait(false);
        var bridge = new StreamizMetricsBridge(status: status, nativeGate: PersistentStores.NativeGate);
        var config = CreateConfig(options, loggers, bridge);
        var rejoin = new RejoinWatch(status);
        var failures = new StreamFailures { Continuing = () => Rejoining(state, rejoin), PurgedWhileClosing = state.OnPurged };
        failures.Attach(config);
        var logger = loggers.CreateLogger<KafkaWorker>();
        var hooks = new RebalanceHooks(
            () => Assigned(state, rejoin),
            () => Rejoining(state, rejoin),
            () => Closing(state, rejoin),
            state.MarkAborted,
            state.MarkAborted,
            e => logger.LogWarning(e, "a revoked task could not be closed after its revocation failed: its stores stay open, and this stream cannot open them again should its partitions come back"));
        var inputs = topology.Inputs.Select(i => i.Name).ToList();

        // Under exactly-once a hop's records are read once committed: an idle thread commits at once (see the type).
        var idleCommits = config.Guarantee == ProcessingGuarantee.EXACTLY_ONCE ? new IdleCommitTrigger(TimeProvider.System, IdleCommitTrigger.CheckInterval) : null;

        // Every re-created stream gets a topology of its own (fresh processor state and stores) and its own clients.
        var first = built;
        KafkaStream Create()
        {
            var t = Interlocked.Exchange(ref first, null) ?? WorkerTopology.Build(topology, state.ForNewStream(nativeReady));
            var stream = new KafkaStream(t, config, new AssignmentTrackingSupplier(config, inputs, status, hooks));
            idleCommits?.Watch(stream);
            if (config.Guarantee == ProcessingGuarantee.AT_LEAST_ONCE)
            {
                CommitPacer.Attach(stream, TimeSpan.FromMilliseconds(config.CommitIntervalMs), TimeProvider.System);
            }

            return stream;
        }

        var runner = new StreamRunner(Create, failures, status, logger, releaseFailed: state.ReleaseFailed, rejoin: rejoin);
        await runner.StartAsync().ConfigureAwait(false);
        var lag = new KafkaLagMonitor(options.BootstrapServers, options.ClientConfig, options.ApplicationId, ConsumedTopics(topology, options.ApplicationId), status, loggers.CreateLogger<KafkaLagMonitor>());
        lag.Start();
        var remoteWrite = topology.Aggregate.Sinks is RemoteWriteSinks sinks ? new RemoteWriteHealthWatcher(sinks, status, loggers.CreateLogger<RemoteWriteHealthWatcher>()) : null;
        return new KafkaWorker(runner, state, built.Describe().ToString() ?? string.Empty, lag, bridge, remoteWrite, idleCommits);
    }

    /// <summary>A thread closes its tasks uncleanly and rejoins its group.</summary>
    private static void Rejoining(StreamLocalState state, RejoinWatch rejoin)
    {
        state.MarkDirty();
        rejoin.Rejoining();
    }

    /// <summary>The group revokes or takes away a thread's assignment: its tasks close, and a new assignment is due.</summary>
    private static void Closing(StreamLocalState state, RejoinWatch rejoin)
    {
        state.BeginClosing();
        rejoin.Rejoining();
    }

    /// <summary>A thread got its next assignment, before its tasks are created.</summary>
    private static void Assigned(StreamLocalState state, RejoinWatch rejoin)
    {
        rejoin.Assigned();
        state.BeforeAssignment();
    }

    /// <summary>Every topic the worker's consumer group reads: the inputs and the repartition topics.</summary>
    public static IReadOnlyList<string> ConsumedTopics(WorkerTopologySettings topology, string applicationId)
    {
        var topics = topology.Inputs.Select(i => i.Name).ToList();
        if (topology.Inputs.Any(i => !i.TracePartitioned))
        {
            topics.Add(StreamsNames.RepartitionTopic(applicationId, StreamsNames.SpansByTrace));
        }

        topics.Add(StreamsNames.RepartitionTopic(applicationId, StreamsNames.SeriesDeltas));
        topics.Add(StreamsNames.RepartitionTopic(applicationId, StreamsNames.OverflowDeltas));
        return topics;
    }

    private const string SessionTimeoutKey = "session.timeout.ms";
    private const string HeartbeatIntervalKey = "heartbeat.interval.ms";

    public static StreamConfig CreateConfig(KafkaWorkerOptions options, ILoggerFactory loggers, StreamizMetricsBridge? metrics = null)
    {
        var properties = ClientConfigValues.ToStreamProperties(options.ClientConfig);
        var clientLoggers = new KafkaClientLoggerFactory(loggers);
        var config = new WorkerStreamConfig(properties, clientLoggers)
        {
            ApplicationId = options.ApplicationId,
            BootstrapServers = options.BootstrapServers,
            StateDir = options.StateDir,
            NumStreamThreads = options.Threads,
            Guarantee = options.ProcessingGuarantee == KafkaWorkerDefaults.ExactlyOnce ? ProcessingGuarantee.EXACTLY_ONCE : ProcessingGuarantee.AT_LEAST_ONCE,
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
            SessionTimeoutMs = options.SessionTimeoutMs,
            HeartbeatIntervalMs = Math.Max(500, options.SessionTimeoutMs / 6),
            MaxPollRecords = 500,
            PollMs = KafkaWorkerDefaults.PollMs,
            AllowAutoCreateTopics = false,
            Logger = clientLoggers,
            MetricsIntervalMs = TelemetryDefaults.StreamizMetricsIntervalMs,
        };
        StreamClientDefaults.Apply(config, options.ClientConfig);

        // The group settings above replaced what client_config gave: its session timeout and heartbeat win.
        if (properties.TryGetValue(SessionTimeoutKey, out var session))
        {
            config.SessionTimeoutMs = (int)session;
            config.HeartbeatIntervalMs = Math.Max(500, config.SessionTimeoutMs.Value / 6);
        }

        if (properties.TryGetValue(HeartbeatIntervalKey, out var heartbeat))
        {
            config.HeartbeatIntervalMs = (int)heartbeat;
        }

        if (metrics is not null)
        {
            config.MetricsReporter = metrics.Report;
        }

        config.CommitIntervalMs = options.CommitIntervalMs
            ?? (config.Guarantee == ProcessingGuarantee.EXACTLY_ONCE ? 100 : KafkaWorkerDefaults.AtLeastOnceCommitIntervalMs);
        return config;
    }

    /// <summary>Copies Streamiz's sensors to /metrics now, without waiting for the next metrics interval.</summary>
    public void ReportStreamMetrics() => StreamMetrics.Report(_runner.Metrics());

    public ValueTask DisposeAsync() => new(StopAsync(Timeout.InfiniteTimeSpan));

    /// <summary>
    /// Stops the worker, giving the stream at most <paramref name="timeout"/> for its final commit. False when the stream
    /// did not stop in time (Kafka does not answer): its threads are left behind, and the process must end without
    /// waiting for them; the input since the last commit is processed again at the next start.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (_stopping.IsCancellationRequested)
        {
            return true;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _remoteWriteHealth.ConfigureAwait(false);
        await _lag.DisposeAsync().ConfigureAwait(false);
        var stopped = await _runner.StopAsync(timeout).ConfigureAwait(false);
        // A stream that failed for good closed no task cleanly: its state is not marked.
        if (stopped && !_runner.Failed.IsCompleted)
        {
            _state.StoppedCleanly();
        }

        _idleCommits?.Dispose();
        _stopping.Dispose();
        return stopped;
    }
}
