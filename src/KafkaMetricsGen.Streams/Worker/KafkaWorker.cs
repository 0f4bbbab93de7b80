using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Topics;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// The worker: provisions every topic the topology needs, then runs the Streamiz topology until stopped or failed.
/// Disposing stops the stream (commit, store checkpoints) and then the sinks get a chance to flush (the caller's job).
/// </summary>
public sealed class KafkaWorker : IAsyncDisposable
{
    private readonly StreamRunner _runner;

    private KafkaWorker(StreamRunner runner, string description)
    {
        _runner = runner;
        TopologyDescription = description;
    }

    public string TopologyDescription { get; }

    public Task Running => _runner.Running;

    public Task<string> Failed => _runner.Failed;

    public static async Task<KafkaWorker> StartAsync(
        KafkaWorkerOptions options,
        WorkerTopologySettings topology,
        ITopicProvisioner topics,
        WorkerStatus status,
        ILoggerFactory loggers,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        var built = WorkerTopology.Build(topology);
        await topics.EnsureTopicsAsync(WorkerTopology.Topics(topology, options.ApplicationId), cancellationToken).ConfigureAwait(false);
        var runner = new StreamRunner(built, CreateConfig(options, loggers), status, loggers.CreateLogger<KafkaWorker>());
        await runner.StartAsync().ConfigureAwait(false);
        return new KafkaWorker(runner, built.Describe().ToString() ?? string.Empty);
    }

    public static StreamConfig CreateConfig(KafkaWorkerOptions options, ILoggerFactory loggers)
    {
        var properties = new Dictionary<string, dynamic>(StringComparer.Ordinal);
        foreach (var (key, value) in options.ClientConfig)
        {
            properties[key] = value;
        }

        var config = new StreamConfig<StringSerDes, ByteArraySerDes>(properties, loggers)
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
            AllowAutoCreateTopics = false,
            Logger = loggers,
        };
        config.CommitIntervalMs = options.CommitIntervalMs
            ?? (config.Guarantee == ProcessingGuarantee.EXACTLY_ONCE ? 100 : KafkaWorkerDefaults.AtLeastOnceCommitIntervalMs);
        return config;
    }

    public ValueTask DisposeAsync() => _runner.DisposeAsync();
}
