using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit.Kafka;
using KafkaMetricsGen.TestKit.Prometheus;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Tests.Deploy;

/// <summary>
/// One real run — embedded broker, the worker, remote write into a real Prometheus, the HTTP endpoints — then
/// /metrics, /status and /ready are read, and every metric name the stack's dashboards and alerts use is checked
/// against what the worker actually serves (self-metrics) or wrote (generated metrics).
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class WorkerSelfMetricsTests(KafkaFixture kafka, PrometheusServer prometheus) : IClassFixture<PrometheusServer>, IDisposable
{
    private const int Partitions = 4;
    private const int Traces = 30;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-ops-").FullName;
    private readonly HttpClient _http = new();

    [Fact]
    public async Task A_run_moves_the_self_metrics_and_serves_every_metric_the_dashboards_and_alerts_use()
    {
        var tenant = KafkaFixture.UniqueName("ops");
        var appId = KafkaFixture.UniqueName("ops-app");
        var topic = kafka.CreateUniqueTopic("ops-spans", Partitions);
        Produce(topic, tenant);
        ProduceGarbage(topic);

        // Before the worker runs, its group has committed nothing: the whole topic is lag.
        var before = new KafkaLagMonitor(kafka.BootstrapServers, new Dictionary<string, string>(), appId, [topic], new WorkerStatus(), NullLogger.Instance).Measure();
        Assert.Equal(Traces + 1, before.Sum(l => l.Records));
        Assert.True(before.Max(l => l.Seconds) > 0);

        var status = new WorkerStatus();
        await using var sinks = new RemoteWriteSinks(
            new RemoteWriteOptions { RemoteWrite = { new RemoteWriteEndpointOptions { Url = prometheus.RemoteWriteUrl.ToString() } } },
            _ => null,
            TimeProvider.System,
            status);
        var topology = Topology(topic, tenant, sinks, status);
        await using var worker = await KafkaWorker.StartAsync(WorkerHarness.Options(kafka, appId, _stateDir), topology, kafka.Topics, status, WorkerHarness.Loggers());
        await using var server = await WorkerHttpServer.StartAsync("127.0.0.1:0", e => e.MapHealth(status, worker.TopologyDescription, TimeSpan.FromMinutes(1)));
        var spans = Traces * SyntheticTraceDefaults.SpansPerTrace;

        Assert.True(
            await WorkerHarness.WaitUntilAsync(() => Query($"sum(traces_spanmetrics_calls_total{{tenant_marker=\"{tenant}\"}})") >= spans, TimeSpan.FromSeconds(90)),
            $"Prometheus has {Query($"sum(traces_spanmetrics_calls_total{{tenant_marker=\"{tenant}\"}})")} calls");
        Assert.True(
            await WorkerHarness.WaitUntilAsync(() => InputLag(status, topic) is { Count: Partitions } lag && lag.All(l => l.Records == 0), TimeSpan.FromSeconds(60)),
            "lag never reached 0: " + string.Join(", ", status.Lag));
        worker.ReportStreamMetrics();

        // `run` reads its tenants through the overrides provider, which declares the reload metrics the alerts use;
        // this topology uses a static config source, so declare them as `run` would.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(TenancyMetrics).TypeHandle);

        var text = await _http.GetStringAsync(new Uri(new Uri(server.Address), HttpPaths.Metrics));
        var samples = ScrapedSample.Parse(text);
        Assert.Equal(Partitions, Value(samples, TelemetryMetricNames.AssignedPartitions));
        var lag = samples.Where(s => s.Name == TelemetryMetricNames.PartitionLag && s.Label("group") == appId && s.Label("topic") == topic).ToList();
        Assert.Equal(Partitions, lag.Count);
        Assert.All(lag, s => Assert.Equal(0, s.Value));
        Assert.All(samples.Where(s => s.Name == TelemetryMetricNames.PartitionLagSeconds && s.Label("topic") == topic), s => Assert.Equal(0, s.Value));
        Assert.Equal(spans, Value(samples, "tempo_metrics_generator_spans_received_total", ("tenant", tenant)));
        Assert.Equal(1, Value(samples, "kafka_metrics_gen_dead_letter_records_total", ("topic", topic)));
        Assert.True(Value(samples, TelemetryMetricNames.WindowCloseDelay + "_count", ("tenant", tenant)) > 0);
        Assert.True(Value(samples, "prometheus_remote_storage_samples_total", ("tenant", tenant)) > 0);
        Assert.Equal(0, Value(samples, TelemetryMetricNames.RemoteWriteFailing));
        // Streamiz series of workers that ran before in this process linger until they expire: look at this one's only.
        Assert.Equal(1, Value(samples, "streamiz_stream_metrics_stream_threads", ("application_id", appId)));
        var thisThread = samples.Where(s => s.Label("thread_id")?.StartsWith(appId, StringComparison.Ordinal) == true).ToList();
        Assert.True(Value(thisThread, "streamiz_stream_thread_metrics_process_rate_total") > Traces);
        Assert.Equal(Partitions, thisThread.Where(s => s.Name == "streamiz_stream_state_metrics_estimate_num_keys" && s.Label("rocksdb_state_id") == "series-store").Select(s => s.Label("task_id")).Distinct().Count());

        using (var ready = await _http.GetAsync(new Uri(new Uri(server.Address), HttpPaths.Ready)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        using var statusJson = JsonDocument.Parse(await _http.GetStringAsync(new Uri(new Uri(server.Address), HttpPaths.Status)));
        var root = statusJson.RootElement;
        Assert.Equal(StreamStates.Running, root.GetProperty("state").GetString());
        Assert.Equal([0, 1, 2, 3], root.GetProperty("assignedPartitions").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Contains(root.GetProperty("lag").EnumerateArray(), e => e.GetProperty("topic").GetString() == topic && e.GetProperty("records").GetInt64() == 0);
        Assert.Contains(tenant, root.GetProperty("tenants").EnumerateArray().Select(e => e.GetString()));

        var served = Declared(text);
        var missing = new List<string>();
        foreach (var (file, expr) in DeployFiles.Expressions())
        {
            foreach (var name in DeployFiles.MetricNames(expr))
            {
                var found = name == "up"
                    || (name.StartsWith("traces_", StringComparison.Ordinal) ? Query($"count({{__name__=\"{name}\",tenant_marker=\"{tenant}\"}})") > 0 : served.Contains(name));
                if (!found)
                {
                    missing.Add($"{file}: {name}");
                }
            }
        }

        Assert.True(missing.Count == 0, "not emitted: " + string.Join("; ", missing.Distinct()));
    }

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static WorkerTopologySettings Topology(string topic, string tenant, RemoteWriteSinks sinks, WorkerStatus status)
    {
        var config = WorkerHarness.FastConfig();
        config.Registry.ExternalLabels["tenant_marker"] = tenant;
        // As the stack's config: the dashboards read native histograms and fall back to the classic buckets.
        config.Registry.GenerateNativeHistograms = KafkaMetricsGen.Core.Registry.HistogramMode.Both;
        var configs = new StaticTenantConfigSource(config);
        return new WorkerTopologySettings
        {
            Inputs = [new InputTopic(topic, Codecs.OtlpProto)],
            TracePartitions = Partitions,
            SeriesPartitions = Partitions,
            DefaultTenant = tenant,
            Generate = new GenerateStageSettings { Configs = configs, SeriesPartitions = Partitions },
            Aggregate = new KafkaMetricsGen.Streams.Aggregate.AggregateStageSettings { Configs = configs, SeriesPartitions = Partitions, Sinks = sinks, Status = status },
        };
    }

    private static List<PartitionLag> InputLag(WorkerStatus status, string topic) => status.Lag.Where(l => l.Topic == topic).ToList();

    /// <summary>Every metric family /metrics declares (with the series names histograms expand to), samples or not.</summary>
    private static HashSet<string> Declared(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length >= 4 && parts[0] == "#" && parts[1] == "TYPE")
            {
                names.Add(parts[2]);
                if (parts[3] is "histogram" or "summary")
                {
                    names.UnionWith([parts[2] + "_bucket", parts[2] + "_sum", parts[2] + "_count"]);
                }
            }
        }

        return names;
    }

    private static double Value(IReadOnlyList<ScrapedSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Sum(s => s.Value);

    private double Query(string promql) => prometheus.QueryValueAsync(promql).GetAwaiter().GetResult() ?? 0;

    private void Produce(string topic, string tenant)
    {
        using var producer = new SyntheticProducer(
            new SyntheticProducerOptions
            {
                BootstrapServers = kafka.BootstrapServers,
                Topic = topic,
                TracesPerSecond = 0,
                TracesPerRecord = 1,
                Codec = Codecs.OtlpProto,
                MaxTraces = Traces,
                Tenant = tenant,
            },
            new SyntheticTraceOptions { PaymentErrorRate = 0.5 });
        producer.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private void ProduceGarbage(string topic)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();
        producer.Produce(topic, new Message<byte[], byte[]> { Key = [1], Value = [0xFF, 0xFF, 0xFF, 0x01] });
        producer.Flush(TimeSpan.FromSeconds(10));
    }
}
