using System.Globalization;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.Streams.Topics;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Demo;

/// <summary>
/// The no-setup demo: the embedded broker, the synthetic shop system writing OTLP to it, the worker topology, and a
/// local sink (or a real Prometheus). Prints a live line every interval and, at the end, the service graph and a RED
/// table.
/// </summary>
public sealed class DemoRunner
{
    public const string Topic = Streams.Configuration.KafkaDefaults.Topic;
    public const string Tenant = DecodeDefaults.DefaultTenant;
    private const string ApplicationId = "kafka-metrics-gen-demo";

    /// <summary>How long a window waits for late spans once the watermark has passed its end.</summary>
    private static readonly TimeSpan WindowGrace = TimeSpan.FromSeconds(2);

    private readonly DemoOptions _options;
    private readonly TextWriter _out;
    private readonly ILoggerFactory _loggers;

    public DemoRunner(DemoOptions options, TextWriter output, ILoggerFactory loggers)
    {
        _options = options;
        _out = output;
        _loggers = loggers;
    }

    /// <summary>The local sink's content (empty when remote-writing).</summary>
    public LatestValuesSink LocalSink { get; } = new();

    /// <summary>The recent windows the demo page reads (kept in either mode).</summary>
    public DemoSeriesHistory PageHistory { get; } = new();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var stateDir = Directory.CreateTempSubdirectory("kafka-metrics-gen-demo-").FullName;
        try
        {
            return await RunInAsync(stateDir, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(stateDir);
        }
    }

    private async Task<int> RunInAsync(string stateDir, CancellationToken cancellationToken)
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        var topics = new MockTopicProvisioner(broker);
        await topics.EnsureTopicsAsync([new TopicSpec(Topic, _options.Partitions)], cancellationToken).ConfigureAwait(false);
        await _out.WriteLineAsync($"embedded Kafka broker on {broker.BootstrapServers}, topic {Topic} ({_options.Partitions} partitions)").ConfigureAwait(false);

        var status = new WorkerStatus();
        await using var remote = _options.RemoteWrite is { } url
            ? new RemoteWriteSinks(new RemoteWriteOptions { RemoteWrite = { new RemoteWriteEndpointOptions { Url = url.ToString() } } }, _ => null, TimeProvider.System, status)
            : null;
        // The local sink counts what was written in every case: the progress lines and the wait for the last windows read it.
        ITenantSinks sinks = new FanOutSinks(remote is null ? LocalSink : new FanOutSinks(remote, LocalSink), PageHistory);
        using var localBlocks = new LocalBlocksTenants(new LocalBlocksOptions { Path = Path.Combine(stateDir, "local-blocks") }, TimeProvider.System);
        var topology = Topology(sinks, status, localBlocks);
        var worker = await KafkaWorker.StartAsync(Options(broker, stateDir), topology, topics, status, _loggers, cancellationToken).ConfigureAwait(false);
        await using (worker.ConfigureAwait(false))
        {
            var http = _options.HttpAddress is { } address
                ? await WorkerHttpServer.StartAsync(address, endpoints =>
                {
                    endpoints.MapHealth(status, worker.TopologyDescription, TimeSpan.FromMinutes(5));
                    TraceQLMetricsEndpoints.Map(endpoints, new TraceQLMetricsQueryService(localBlocks, new TraceQLMetricsOptions(), TimeProvider.System));
                    endpoints.MapDemoPage(PageHistory, Tenant);
                    TempoStatusEndpoints.Map(endpoints);
                    TempoSearchEndpoints.Map(endpoints, localBlocks);
                }, cancellationToken).ConfigureAwait(false)
                : null;
            if (http is not null)
            {
                await _out.WriteLineAsync($"demo page: {http.Address}/ (service graph, RED, TraceQL metrics)").ConfigureAwait(false);
                await _out.WriteLineAsync($"http: {http.Address} (/metrics /ready /live /status /status/topology /api/metrics/query_range /api/search /api/v2/search/tags)").ConfigureAwait(false);
            }

            using var producer = new SyntheticProducer(new SyntheticProducerOptions
            {
                BootstrapServers = broker.BootstrapServers,
                Topic = Topic,
                TracesPerSecond = _options.TracesPerSecond,
                TracesPerRecord = Math.Max(1, (int)(_options.TracesPerSecond / 10)),
                Tenant = Tenant,
            });
            var result = await RunProducerAsync(producer, worker, cancellationToken).ConfigureAwait(false);
            if (http is not null)
            {
                await http.DisposeAsync().ConfigureAwait(false);
            }

            if (result != 0)
            {
                return result;
            }

            await _out.WriteLineAsync("flushing the last windows ...").ConfigureAwait(false);
            await WaitForLastWindowsAsync(producer).ConfigureAwait(false);
        }

        if (remote is not null)
        {
            await remote.FlushAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await _out.WriteLineAsync($"samples sent to {Core.Configuration.ConfigSecrets.RedactUrl(_options.RemoteWrite!.ToString())}").ConfigureAwait(false);
        }
        else
        {
            var samples = LocalSink.Samples(Tenant);
            await _out.WriteLineAsync().ConfigureAwait(false);
            await _out.WriteAsync(DemoReport.ServiceGraph(samples)).ConfigureAwait(false);
            await _out.WriteLineAsync().ConfigureAwait(false);
            await _out.WriteAsync(DemoReport.Red(samples)).ConfigureAwait(false);
        }

        return 0;
    }

    private async Task<int> RunProducerAsync(SyntheticProducer producer, KafkaWorker worker, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        var producing = producer.RunAsync(stop.Token);
        var lastSpans = 0.0;
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var tick = Task.Delay(_options.SummaryInterval, stop.Token);
                var finished = await Task.WhenAny(tick, worker.Failed).ConfigureAwait(false);
                if (finished == worker.Failed)
                {
                    await Console.Error.WriteLineAsync("error: " + await worker.Failed.ConfigureAwait(false)).ConfigureAwait(false);
                    return 1;
                }

                await tick.ConfigureAwait(false);
                var received = SelfMetrics.SpansReceived.WithLabels(Tenant).Value;
                var rate = (received - lastSpans) / _options.SummaryInterval.TotalSeconds;
                lastSpans = received;
                await _out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[{TimeProvider.System.GetElapsedTime(started).TotalSeconds,5:0}s] spans/s {rate,8:0}  spans {received,9:0}  series {LocalSink.Samples(Tenant).Count,5}  edges {Edges(),3}  lag {producer.SpansWritten - received,6:0} spans")).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await producing.ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Waits until the sink holds every span in the span-metrics calls and every trace's root in a <c>user</c> edge. A
    /// root server span pairs with no client, so its virtual-node edge is counted only once its wait is over
    /// (service_graphs.wait after it arrived), then once the window of that moment closes: well after the span metrics.
    /// </summary>
    private async Task WaitForLastWindowsAsync(SyntheticProducer producer)
    {
        var start = TimeProvider.System.GetTimestamp();
        var limit = ServiceGraphsDefaults.Wait + _options.CollectionInterval + WindowGrace + GenerateEngine.DefaultIdleAfter + GenerateEngine.DefaultIdleLag + TimeSpan.FromSeconds(8);
        while (TimeProvider.System.GetElapsedTime(start) < limit)
        {
            var calls = LocalSink.Total(Tenant, SpanMetricsMetricNames.Calls);
            var roots = LocalSink.Samples(Tenant).Where(s => s.Metric == ServiceGraphsMetricNames.RequestTotal && s.Label(ServiceGraphsLabelNames.Client) == ServiceGraphsLabelNames.UnknownClient).Sum(s => s.Value);
            if (calls >= producer.SpansWritten && roots >= producer.TracesWritten)
            {
                return;
            }

            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    private int Edges() => LocalSink.Samples(Tenant).Count(s => s.Metric == ServiceGraphsMetricNames.RequestTotal);

    private WorkerTopologySettings Topology(ITenantSinks sinks, WorkerStatus status, LocalBlocksTenants localBlocks)
    {
        var config = new TenantPipelineConfig
        {
            Registry = new RegistryOptions { CollectionInterval = _options.CollectionInterval, WindowGrace = WindowGrace },
            SpanMetrics = new SpanMetricsOptions(),
            ServiceGraphs = new ServiceGraphsOptions { EnableMessagingSystemLatencyHistogram = true },
            LocalBlocks = true,
        };
        var configs = new StaticTenantConfigSource(config);
        return TopologyComposition.Create(new TopologyParts
        {
            Inputs = [new InputTopic(Topic, Codecs.OtlpProto)],
            Partitions = _options.Partitions,
            Configs = configs,
            Sinks = sinks,
            Status = status,
            LocalBlocks = localBlocks,
        });
    }

    private KafkaWorkerOptions Options(EmbeddedKafkaBroker broker, string stateDir) => new()
    {
        BootstrapServers = broker.BootstrapServers,
        ApplicationId = ApplicationId,
        StateDir = Path.Combine(stateDir, "streams"),
        ProcessingGuarantee = _options.ProcessingGuarantee,
        SessionTimeoutMs = 6000,
    };

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
