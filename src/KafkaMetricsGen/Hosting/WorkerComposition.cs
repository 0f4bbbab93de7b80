using Confluent.Kafka;
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
using KafkaMetricsGen.Streams.Worker;

namespace KafkaMetricsGen.Hosting;

/// <summary>
/// The composition root of <c>run</c> and <c>replay</c>: the only place that knows every stage. It turns the loaded
/// configuration into the worker's options, tenant settings, sinks and topology.
/// </summary>
public sealed class WorkerComposition : IDisposable
{
    private WorkerComposition(WorkerConfig config, TenantSettingsProvider tenants, RemoteWriteSinks sinks, WorkerStatus status, LocalBlocksTenants localBlocks, WorkerTopologySettings topology, KafkaWorkerOptions options)
    {
        Config = config;
        Tenants = tenants;
        Sinks = sinks;
        Status = status;
        LocalBlocks = localBlocks;
        Topology = topology;
        Options = options;
    }

    public WorkerConfig Config { get; }

    public TenantSettingsProvider Tenants { get; }

    public RemoteWriteSinks Sinks { get; }

    public WorkerStatus Status { get; }

    public LocalBlocksTenants LocalBlocks { get; }

    public WorkerTopologySettings Topology { get; }

    public KafkaWorkerOptions Options { get; }

    /// <summary>Builds everything; <paramref name="applicationId"/> replaces the configured one (replay).</summary>
    public static WorkerComposition Create(WorkerConfig config, TimeProvider time, string? applicationId = null)
    {
        var status = new WorkerStatus(time);
        var tenants = config.CreateTenantSettings(time);
        var configs = new TenantSettingsConfigSource(tenants);
        var sinks = new RemoteWriteSinks(config.RemoteWrite, tenant => tenants.Get(tenant).RemoteWriteOverrides, time, status);
        var localBlocks = new LocalBlocksTenants(OptionsBinder.LocalBlocks(config.MetricsGenerator.GetSection("processor").GetSection("local_blocks"), config.MetricsGenerator), time);
        var kafka = config.Kafka;
        var partitions = InputPartitions(kafka.BootstrapServers, kafka.ClientConfig, kafka.Topics.Select(t => t.Name));
        var topology = new WorkerTopologySettings
        {
            Inputs = Inputs(kafka),
            TracePartitions = partitions,
            SeriesPartitions = partitions,
            TenantHeader = kafka.TenantHeader,
            DefaultTenant = kafka.DefaultTenant,
            Generate = new GenerateStageSettings { Configs = configs, SourcePartitions = partitions, SeriesPartitions = partitions, Time = time, LocalBlocks = localBlocks },
            Aggregate = new AggregateStageSettings { Configs = configs, Sinks = sinks, Status = status },
        };
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
        return new WorkerComposition(config, tenants, sinks, status, localBlocks, topology, options);
    }

    /// <summary>The configured input topics (<c>kafka.topics</c>) as the topology's inputs, with <c>kafka.dead_letter_topic</c>.</summary>
    public static IReadOnlyList<InputTopic> Inputs(KafkaOptions kafka) =>
        kafka.Topics.Select(t => new InputTopic(t.Name, t.Codec, t.TracePartitioned) { DeadLetter = kafka.DeadLetterTopic }).ToList();

    /// <summary>The partition count the internal topics get: the largest input topic's (read from the cluster).</summary>
    public static int InputPartitions(string bootstrapServers, IReadOnlyDictionary<string, string> clientConfig, IEnumerable<string> topics)
    {
        var config = new AdminClientConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value)) { BootstrapServers = bootstrapServers };
        using var admin = new AdminClientBuilder(config).Build();
        var max = 0;
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30));
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (found is null || found.Error.IsError || found.Partitions.Count == 0)
            {
                throw new InvalidOperationException($"kafka.topics: input topic '{topic}' does not exist on {bootstrapServers} (create it first)");
            }

            max = Math.Max(max, found.Partitions.Count);
        }

        return max;
    }

    public void Dispose()
    {
        Tenants.Dispose();
        LocalBlocks.Dispose();
    }
}
