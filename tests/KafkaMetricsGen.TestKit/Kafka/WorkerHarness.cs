using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.TestKit.Kafka;

/// <summary>Starts the real worker topology against a <see cref="KafkaFixture"/> with short windows, for end-to-end tests.</summary>
public static class WorkerHarness
{
    /// <summary>Tempo's defaults with a 1 s collection interval and a 1 s grace, so tests see windows close quickly.</summary>
    public static TenantPipelineConfig FastConfig(Action<SpanMetricsOptions>? spanMetrics = null, Action<ServiceGraphsOptions>? serviceGraphs = null)
    {
        var sm = new SpanMetricsOptions();
        spanMetrics?.Invoke(sm);
        var sg = new ServiceGraphsOptions { Wait = TimeSpan.FromSeconds(2) };
        serviceGraphs?.Invoke(sg);
        return new TenantPipelineConfig
        {
            Registry = new RegistryOptions { CollectionInterval = TimeSpan.FromSeconds(1), WindowGrace = TimeSpan.FromSeconds(1) },
            SpanMetrics = sm,
            ServiceGraphs = sg,
        };
    }

    public static WorkerTopologySettings Topology(IReadOnlyList<InputTopic> inputs, int partitions, TenantPipelineConfig config, ITenantSinks sinks, WorkerStatus? status = null)
    {
        var configs = new StaticTenantConfigSource(config);
        return new WorkerTopologySettings
        {
            Inputs = inputs,
            TracePartitions = partitions,
            SeriesPartitions = partitions,
            Generate = new GenerateStageSettings { Configs = configs, SourcePartitions = partitions, SeriesPartitions = partitions },
            Aggregate = new AggregateStageSettings { Configs = configs, Sinks = sinks, Status = status },
        };
    }

    public static KafkaWorkerOptions Options(KafkaFixture kafka, string applicationId, string stateDir, string guarantee = KafkaWorkerDefaults.AtLeastOnce) => new()
    {
        BootstrapServers = kafka.BootstrapServers,
        ApplicationId = applicationId,
        StateDir = stateDir,
        ProcessingGuarantee = guarantee,
        SessionTimeoutMs = KafkaTestDefaults.SessionTimeoutMs,
        CommitIntervalMs = 200,
    };

    public static Task<KafkaWorker> StartAsync(KafkaFixture kafka, KafkaWorkerOptions options, WorkerTopologySettings topology, WorkerStatus? status = null) =>
        KafkaWorker.StartAsync(options, topology, kafka.Topics, status ?? new WorkerStatus(), NullLoggerFactory.Instance);

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes; returns whether it held.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return condition();
    }
}
