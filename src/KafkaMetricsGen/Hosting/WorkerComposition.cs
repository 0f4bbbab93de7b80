using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Topics;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Hosting;

/// <summary>
/// The composition root of <c>run</c> and <c>replay</c>: the only place that knows every stage. It turns the loaded
/// configuration into the worker's options, tenant settings, sinks and topology.
/// </summary>
public sealed class WorkerComposition : IDisposable
{
    private readonly TenantSettingsConfigSource _configs;
    private readonly TimeProvider _time;
    private WorkerTopologySettings? _topology;

    private WorkerComposition(WorkerConfig config, TenantSettingsProvider tenants, RemoteWriteSinks sinks, WorkerStatus status, LocalBlocksTenants localBlocks, TenantSettingsConfigSource configs, TimeProvider time, KafkaWorkerOptions options)
    {
        Config = config;
        Tenants = tenants;
        Sinks = sinks;
        Status = status;
        LocalBlocks = localBlocks;
        _configs = configs;
        _time = time;
        Options = options;
    }

    public WorkerConfig Config { get; }

    public TenantSettingsProvider Tenants { get; }

    public RemoteWriteSinks Sinks { get; }

    public WorkerStatus Status { get; }

    public LocalBlocksTenants LocalBlocks { get; }

    /// <summary>The topology, once <see cref="UseInputPartitions"/> has given the partition count read from the cluster.</summary>
    public WorkerTopologySettings Topology => _topology ?? throw new InvalidOperationException("the input partition count has not been read yet");

    public KafkaWorkerOptions Options { get; }

    /// <summary>Builds everything; <paramref name="applicationId"/> replaces the configured one (replay).</summary>
    public static WorkerComposition Create(WorkerConfig config, TimeProvider time, string? applicationId = null)
    {
        var status = new WorkerStatus(time);
        var tenants = config.CreateTenantSettings(time);
        var configs = new TenantSettingsConfigSource(tenants);
        var sinks = new RemoteWriteSinks(config.RemoteWrite, tenant => tenants.Get(tenant).RemoteWriteOverrides, time, status)
        {
            MaxUnsentWindows = config.Kafka.MaxUnsentWindows,
        };
        var localBlocks = new LocalBlocksTenants(OptionsBinder.LocalBlocks(config.MetricsGenerator.GetSection("processor").GetSection("local_blocks"), config.MetricsGenerator), time);
        var kafka = config.Kafka;
        var options = new KafkaWorkerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            ApplicationId = applicationId ?? kafka.ApplicationId,
            StateDir = kafka.StateDir,
            ProcessingGuarantee = kafka.ProcessingGuarantee,
            CommitIntervalMs = (long)kafka.CommitInterval.TotalMilliseconds,
            Threads = kafka.NumStreamThreads,
            ClientConfig = kafka.ClientConfig,
        };
        return new WorkerComposition(config, tenants, sinks, status, localBlocks, configs, time, options);
    }

    /// <summary>Builds the topology for <paramref name="partitions"/>, the largest input topic's partition count.</summary>
    public WorkerTopologySettings UseInputPartitions(int partitions)
    {
        var kafka = Config.Kafka;
        _topology = TopologyComposition.Create(new TopologyParts
        {
            Inputs = Inputs(kafka),
            Partitions = partitions,
            TracePartitions = kafka.TracePartitions ?? 0,
            TenantHeader = kafka.TenantHeader,
            DefaultTenant = kafka.DefaultTenant,
            Configs = _configs,
            Sinks = Sinks,
            Status = Status,
            Time = _time,
            LocalBlocks = LocalBlocks,
        });
        return _topology;
    }

    /// <summary>The configured input topics (<c>kafka.topics</c>) as the topology's inputs, with <c>kafka.dead_letter_topic</c>.</summary>
    public static IReadOnlyList<InputTopic> Inputs(KafkaOptions kafka) =>
        kafka.Topics.Select(t => new InputTopic(t.Name, t.Codec, t.TracePartitioned) { DeadLetter = kafka.DeadLetterTopic }).ToList();

    /// <summary>The partition count the internal topics get: the largest input topic's (read from the cluster once).</summary>
    public static int InputPartitions(KafkaOptions kafka, KafkaClientLog? log = null) =>
        new InputTopicsProbe(kafka.BootstrapServers, kafka.ClientConfig, NullLogger.Instance, log).Read(kafka.Topics.Select(t => t.Name), TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        Tenants.Dispose();
        LocalBlocks.Dispose();
    }
}
