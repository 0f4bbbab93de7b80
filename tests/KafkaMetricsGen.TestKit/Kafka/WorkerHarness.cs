using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging;
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
            Generate = new GenerateStageSettings { Configs = configs, SeriesPartitions = partitions },
            Aggregate = new AggregateStageSettings { Configs = configs, SeriesPartitions = partitions, Sinks = sinks, Status = status },
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

    /// <summary>
    /// Starts a worker. Starts are taken one at a time in a test process, so that a worker started with
    /// <paramref name="ownProcessId"/> reads the process id of its own state directory even while tests of other
    /// collections start workers of their own (see <see cref="StreamizProcessIds"/>).
    /// </summary>
    public static async Task<KafkaWorker> StartAsync(KafkaFixture kafka, KafkaWorkerOptions options, WorkerTopologySettings topology, WorkerStatus? status = null, bool ownProcessId = false)
    {
        await StreamizProcessIds.Starting.WaitAsync().ConfigureAwait(false);
        try
        {
            if (ownProcessId)
            {
                StreamizProcessIds.ForgetStateDirectory();
            }

            return await KafkaWorker.StartAsync(options, topology, kafka.Topics, status ?? new WorkerStatus(), Loggers()).ConfigureAwait(false);
        }
        finally
        {
            StreamizProcessIds.Starting.Release();
        }
    }

    /// <summary>Silent, unless <c>KMG_TEST_LOG=1</c> asks for the worker's log on the console.</summary>
    public static Microsoft.Extensions.Logging.ILoggerFactory Loggers() =>
        Environment.GetEnvironmentVariable("KMG_TEST_LOG") == "1"
            ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Information))
            : NullLoggerFactory.Instance;

    /// <summary>
    /// Writes <paramref name="traces"/> synthetic traces, one per record, at <paramref name="tracesPerSecond"/> (0: as
    /// fast as possible), and waits until they are sent.
    /// </summary>
    public static void ProduceTraces(KafkaFixture kafka, string topic, int traces, string tenant = DecodeDefaults.DefaultTenant, string codec = Core.Ingest.Codecs.OtlpProto, double tracesPerSecond = 0)
    {
        using var producer = new Streams.Synthetic.SyntheticProducer(new Streams.Synthetic.SyntheticProducerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            Topic = topic,
            TracesPerSecond = tracesPerSecond,
            TracesPerRecord = 1,
            Codec = codec,
            Tenant = tenant,
            MaxTraces = traces,
        });
        producer.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Deletes a state directory, ignoring files a stopped stream may still hold.</summary>
    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

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
