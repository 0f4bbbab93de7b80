using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Prometheus;
using KafkaMetricsGen.Tests.Deploy.Grafana;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Deploy;

/// <summary>
/// The stack's dashboards against the data they are drawn from: the stack's worker config run by the exe (as compose
/// runs it, with the addresses and paths pointed here and 5 s windows) on the embedded broker with synthetic traces,
/// remote-writing into a real Prometheus that also scrapes the worker. Every panel's queries are rendered as Grafana
/// renders them (template variables, table frames, the panel's transformations) and must return data; the service
/// graph's frames must be what Grafana's node graph needs, with clients such as <c>user</c> among the nodes.
/// </summary>
public sealed class GrafanaDashboardsTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Topic = "otlp-spans";
    private const string Job = "kafka-metrics-gen";
    private const int Partitions = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-grafana-").FullName;
    private readonly StringBuilder _output = new();
    private readonly CancellationTokenSource _stopProducing = new();
    private EmbeddedKafkaBroker? _broker;
    private PrometheusServer? _prometheus;
    private Process? _worker;
    private Task _producing = Task.CompletedTask;
    private int _histogramQueries;

    public async Task InitializeAsync()
    {
        _broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        _broker.CreateTopic(Topic, Partitions);
        var port = Loopback.FreePort();
        _prometheus = PrometheusServer.Scraping($"127.0.0.1:{port}", Job, TimeSpan.FromSeconds(2));
        await _prometheus.InitializeAsync();
        var environment = new Dictionary<string, string>
        {
            ["KMG_KAFKA__BOOTSTRAP_SERVERS"] = _broker.BootstrapServers,
            ["KMG_KAFKA__STATE_DIR"] = Path.Combine(_dir, "streams"),
            ["KMG_METRICS_GENERATOR__STORAGE__PATH"] = Path.Combine(_dir, "wal"),
            ["KMG_METRICS_GENERATOR__TRACES_STORAGE__PATH"] = Path.Combine(_dir, "local-blocks"),
            ["KMG_METRICS_GENERATOR__STORAGE__REMOTE_WRITE__0__URL"] = _prometheus.RemoteWriteUrl.ToString(),
            ["KMG_METRICS_GENERATOR__REGISTRY__COLLECTION_INTERVAL"] = "5s",
            ["KMG_SERVER__HTTP_LISTEN_ADDRESS"] = "127.0.0.1",
            ["KMG_SERVER__HTTP_LISTEN_PORT"] = port.ToString(CultureInfo.InvariantCulture),
        };

        // The embedded broker cannot create topics on request: the worker's topics are created up front.
        var config = WorkerConfigLoader.LoadFile(DeployFiles.WorkerConfig, environment);
        using (var composition = WorkerComposition.Create(config, TimeProvider.System))
        {
            foreach (var topic in WorkerTopology.Topics(composition.UseInputPartitions(Partitions), config.Kafka.ApplicationId))
            {
                _broker.CreateTopic(topic.Name, topic.Partitions);
            }
        }

        _worker = Commands.ExeProcess.Start(_output, environment, "run", "--config", DeployFiles.WorkerConfig);
        var producer = new SyntheticProducer(new SyntheticProducerOptions { BootstrapServers = _broker.BootstrapServers, Topic = Topic, TracesPerSecond = 20, TracesPerRecord = 2 });
        _producing = Task.Run(async () =>
        {
            using (producer)
            {
                await producer.RunAsync(_stopProducing.Token);
            }
        });
        ProduceGarbage(_broker.BootstrapServers);
    }

    public async Task DisposeAsync()
    {
        await _stopProducing.CancelAsync();
        await _producing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_worker is { HasExited: false })
        {
            _worker.Kill(entireProcessTree: true);
            await _worker.WaitForExitAsync();
        }

        log.WriteLine(Commands.ExeProcess.Output(_output));
        _worker?.Dispose();
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        _broker?.Dispose();
        _stopProducing.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Every_panel_of_every_dashboard_returns_data_and_the_service_graph_frames_are_what_the_node_graph_needs()
    {
        var prometheus = _prometheus!;

        // Rates need two samples in their window; the node graph needs the user edges (written when a root span's
        // wait for a caller expires) and the worker's own series need a few scrapes.
        await WaitUntilAsync(async () => await prometheus.QueryValueAsync("sum(count_over_time(traces_service_graph_request_total{client=\"user\"}[1m]))") >= 3, "user edges in 3 windows");
        await WaitUntilAsync(async () => await prometheus.QueryValueAsync("count(histogram_count(rate(traces_spanmetrics_latency[1m])))") > 0, "native histograms");
        await WaitUntilAsync(async () => await prometheus.QueryValueAsync($"count(count_over_time(tempo_metrics_generator_spans_received_total{{job=\"{Job}\"}}[1m]) >= 3)") > 0, "3 scrapes of the worker");
        await WaitUntilAsync(async () => await prometheus.QueryValueAsync("count(streamiz_stream_thread_metrics_process_rate_rate)") > 0, "Streamiz metrics (reported every 30 s)");

        var empty = new List<string>();
        foreach (var file in DeployFiles.Dashboards)
        {
            using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            var template = await TemplateAsync(dashboard.RootElement, prometheus);
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
            {
                var title = $"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}";
                var frames = await FramesAsync(panel, template, prometheus);
                if (frames.All(f => f.Length == 0))
                {
                    empty.Add(title);
                }

                if (panel.GetProperty("type").GetString() == "nodeGraph")
                {
                    CheckNodeGraph(title, GrafanaTransformations.Apply(panel, frames));
                }

                empty.AddRange(await MissingExemplarsAsync(title, panel, template, prometheus));
                empty.AddRange(await EmptyHistogramHalvesAsync(title, panel, template, prometheus));
            }
        }

        Assert.True(empty.Count == 0, "panels without data: " + string.Join("; ", empty));
        Assert.True(_histogramQueries >= 3, $"only {_histogramQueries} latency queries with a classic fallback");
    }

    private void CheckNodeGraph(string title, IReadOnlyList<GrafanaFrame> frames)
    {
        var graph = NodeGraphFrames.From(frames);
        foreach (var frame in (GrafanaFrame[])[graph.Nodes, graph.Edges])
        {
            log.WriteLine(string.Join(" | ", frame.Fields.Select(f => f.Name)));
            for (var row = 0; row < frame.Length; row++)
            {
                log.WriteLine(string.Join(" | ", frame.Fields.Select(f => Convert.ToString(f.Values[row], CultureInfo.InvariantCulture))));
            }
        }

        var problems = graph.Problems();
        Assert.True(problems.Count == 0, title + ": " + string.Join("; ", problems));
        var nodes = graph.Column(graph.Nodes, "id");
        Assert.Superset(new HashSet<string>(["user", "frontend", "checkout", "payments", "inventory", "inventory-db", "fulfillment"], StringComparer.Ordinal), nodes.ToHashSet(StringComparer.Ordinal));
        var edges = graph.Column(graph.Edges, "source").Zip(graph.Column(graph.Edges, "target"), (s, t) => s + "->" + t).ToList();
        Assert.Contains("user->frontend", edges);
        Assert.Contains("checkout->payments", edges);
        Assert.Contains("inventory->inventory-db", edges);
        Assert.Equal(edges, graph.Column(graph.Edges, "id"));
    }

    /// <summary>A target that asks for exemplars gets some: the latency histograms carry trace ids.</summary>
    private static async Task<List<string>> MissingExemplarsAsync(string title, JsonElement panel, GrafanaTemplate template, PrometheusServer prometheus)
    {
        var missing = new List<string>();
        foreach (var target in panel.GetProperty("targets").EnumerateArray())
        {
            if (target.TryGetProperty("exemplar", out var exemplar) && exemplar.GetBoolean())
            {
                var now = DateTimeOffset.UtcNow;
                var result = await prometheus.QueryExemplarsAsync(template.Interpolate(target.GetProperty("expr").GetString()!), now - template.Range, now);
                var traceIds = result.EnumerateArray().SelectMany(s => s.GetProperty("exemplars").EnumerateArray()).Select(e => e.GetProperty("labels").TryGetProperty("traceID", out var id) ? id.GetString() : null).ToList();
                if (traceIds.Count == 0 || !traceIds.All(id => id is { Length: > 0 and <= 32 } && id.All(char.IsAsciiHexDigitLower)))
                {
                    missing.Add($"{title} (exemplars with a traceID)");
                }
            }
        }

        return missing;
    }

    /// <summary>
    /// A latency query reads the native histogram, <c>or</c> the classic buckets where a series has none: each half
    /// must return data on its own, so the fallback is known to work and the native half is known to be used.
    /// </summary>
    private async Task<List<string>> EmptyHistogramHalvesAsync(string title, JsonElement panel, GrafanaTemplate template, PrometheusServer prometheus)
    {
        const string Fallback = " or histogram_quantile(";
        var empty = new List<string>();
        foreach (var target in panel.GetProperty("targets").EnumerateArray())
        {
            var expr = template.Interpolate(target.GetProperty("expr").GetString()!);
            var at = expr.IndexOf(Fallback, StringComparison.Ordinal);
            if (at < 0 || !expr.StartsWith("histogram_quantile(", StringComparison.Ordinal))
            {
                continue;
            }

            _histogramQueries++;
            var native = expr[..at];
            var classic = expr[(at + " or ".Length)..];
            Assert.DoesNotContain("_bucket", native, StringComparison.Ordinal);
            Assert.Contains("_bucket", classic, StringComparison.Ordinal);
            foreach (var (half, query) in (ValueTuple<string, string>[])[("native", native), ("classic", classic)])
            {
                if ((await prometheus.QueryAsync(query)).GetArrayLength() == 0)
                {
                    empty.Add($"{title} ({half} half)");
                }
            }
        }

        return empty;
    }

    /// <summary>A panel's targets as Grafana gets them: instant table queries become table frames, the others range queries.</summary>
    private static async Task<List<GrafanaFrame>> FramesAsync(JsonElement panel, GrafanaTemplate template, PrometheusServer prometheus)
    {
        var targets = panel.GetProperty("targets").EnumerateArray().ToList();
        var frames = new List<GrafanaFrame>();
        var now = DateTimeOffset.UtcNow;
        foreach (var target in targets)
        {
            var refId = target.GetProperty("refId").GetString()!;
            var expr = template.Interpolate(target.GetProperty("expr").GetString()!);
            if (target.TryGetProperty("instant", out var instant) && instant.GetBoolean())
            {
                Assert.Equal("table", target.GetProperty("format").GetString());
                frames.Add(GrafanaFrame.FromInstantTable(refId, await prometheus.QueryAsync(expr, now), targets.Count > 1));
            }
            else
            {
                var matrix = await prometheus.QueryRangeAsync(expr, now - template.Range, now, template.Interval);
                frames.Add(new GrafanaFrame(refId, [new GrafanaField("series", matrix.EnumerateArray().Select(s => (object?)s.GetProperty("metric").ToString()).ToList())]));
            }
        }

        return frames;
    }

    /// <summary>The dashboard's range and variables, each set to what its query finds (All, as the dashboards default to).</summary>
    private static async Task<GrafanaTemplate> TemplateAsync(JsonElement dashboard, PrometheusServer prometheus)
    {
        var template = new GrafanaTemplate(GrafanaTemplate.RangeOf(dashboard));
        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            var query = variable.GetProperty("query").GetString()!;
            var match = System.Text.RegularExpressions.Regex.Match(query, @"^label_values\((\w+),\s*(\w+)\)$");
            Assert.True(match.Success, "variable query not modelled: " + query);
            var values = await prometheus.LabelValuesAsync(match.Groups[2].Value, match.Groups[1].Value);
            Assert.NotEmpty(values);
            template.Set(variable.GetProperty("name").GetString()!, values);
        }

        return template;
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            if (_worker!.HasExited)
            {
                Assert.Fail($"the worker exited with {_worker.ExitCode} while waiting for {what}:\n{Commands.ExeProcess.Output(_output)}");
            }

            if (await condition())
            {
                return;
            }

            await Task.Delay(1000);
        }

        Assert.Fail($"no {what} within {Patience.TotalSeconds} s:\n{Commands.ExeProcess.Output(_output)}\n{_prometheus!.Log}");
    }

    private static void ProduceGarbage(string bootstrapServers)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        producer.Produce(Topic, new Message<byte[], byte[]> { Key = [1], Value = [0xFF, 0xFF, 0xFF, 0x01] });
        producer.Flush(TimeSpan.FromSeconds(10));
    }

}
