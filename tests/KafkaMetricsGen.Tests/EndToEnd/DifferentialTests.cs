using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using KafkaMetricsGen.Commands;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Offline;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Kafka;
using KafkaMetricsGen.TestKit.Prometheus;
using OpenTelemetry.Proto.Trace.V1;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.EndToEnd;

/// <summary>
/// The guard that going through Kafka changes nothing: every Tempo fixture and the synthetic set of
/// <see cref="DifferentialTraces"/> (one tenant per fixture, three synthetic tenants) are written as records of one
/// codec to the embedded broker and counted by the worker, and the same record bytes, one file per record, are
/// given to <c>process</c> per tenant. Both read one YAML configuration (span metrics with a dimension per attribute
/// type, status messages, target info and the trace-state multiplier; service graphs with virtual nodes and
/// messaging latency; host info; classic and native histograms). The final value of every series must be the same: name,
/// labels, counter and gauge values, classic buckets, sums and counts, native histogram buckets.
/// </summary>
/// <remarks>
/// Compared is what each path shows a user. For <c>process</c>, the Prometheus text the command prints. For the worker,
/// what it remote-writes into the real Prometheus of the test kit, read back with one instant query per cell: the
/// worker runs as <c>run</c> composes it (<see cref="WorkerComposition"/> from the same YAML, its real remote-write
/// sink), and Prometheus answers a query in milliseconds, so the real receiver costs nothing worth saving.
/// <para>
/// Windows: spans end 20 s before the cell starts. Once the first windows reach Prometheus (the input has been read
/// and unpaired edges have expired by then), a "clock" record per partition, of a tenant that is not compared, moves
/// every generate task's event-time watermark 10 s past the input, which closes every window the input touched; so
/// each series' last sample is its final cumulative value, without waiting the 5 s until a task counts as idle. A
/// cell passes as soon as Prometheus holds exactly <c>process</c>'s series; it fails with the first differing series
/// and both values once the worker's output has been still for <see cref="Quiet"/> or after <see cref="Patience"/>.
/// The 16 cells take about 5–8 s each.
/// </para>
/// Run alone: <c>dotnet test tests/KafkaMetricsGen.Tests -c Release --filter FullyQualifiedName~DifferentialTests</c>.
/// </remarks>
[Collection(KafkaCollection.Name)]
public sealed class DifferentialTests(KafkaFixture kafka, PrometheusServer prometheus, ITestOutputHelper log) : IClassFixture<PrometheusServer>, IDisposable
{
    private const int Partitions = 2;
    private const int TracePartitions = 3;
    private const string TenantLabel = "tenant";

    /// <summary>Native histogram schema of the default bucket factor 1.1.</summary>
    private const int NativeSchema = 3;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InputAge = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ClockAhead = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ClockAfter = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-differential-").FullName;

    public static TheoryData<string, string, bool, int> Cells()
    {
        var cells = new TheoryData<string, string, bool, int>();
        foreach (var codec in (string[])[Codecs.OtlpProto, Codecs.OtlpJson, Codecs.PushBytes])
        {
            foreach (var guarantee in (string[])[ProcessingGuarantees.AtLeastOnce, ProcessingGuarantees.ExactlyOnce])
            {
                cells.Add(codec, guarantee, false, 0);
                cells.Add(codec, guarantee, true, 0);
            }
        }

        // Tempo's otlp codec is only written by its distributor, which partitions by trace.
        cells.Add(Codecs.TempoOtlp, ProcessingGuarantees.AtLeastOnce, true, 0);
        cells.Add(Codecs.TempoOtlp, ProcessingGuarantees.ExactlyOnce, true, 0);

        // kafka.trace_partitions: more spans-by-trace partitions (generate tasks) than input partitions (decode tasks).
        cells.Add(Codecs.OtlpProto, ProcessingGuarantees.AtLeastOnce, false, TracePartitions);
        cells.Add(Codecs.OtlpProto, ProcessingGuarantees.ExactlyOnce, false, TracePartitions);
        return cells;
    }

    /// <param name="tracePartitions"><c>kafka.trace_partitions</c>; 0 leaves the key out.</param>
    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Process_and_the_worker_write_the_same_series(string codec, string guarantee, bool tracePartitioned, int tracePartitions)
    {
        var cell = $"{codec.Replace('_', '-')}-{(guarantee == ProcessingGuarantees.ExactlyOnce ? "eos" : "alo")}-{(tracePartitioned ? "tp" : "any")}{(tracePartitions > 0 ? $"-t{tracePartitions}" : "")}-{Guid.NewGuid().ToString("N")[..6]}";
        var latestEnd = (ulong)DateTimeOffset.UtcNow.Subtract(InputAge).ToUnixTimeMilliseconds() * 1_000_000UL;
        var records = Input(latestEnd, cell, codec);
        var topic = kafka.CreateUniqueTopic("differential", Partitions);
        var configPath = WriteConfig(cell, topic, codec, guarantee, tracePartitioned, tracePartitions);

        var elapsed = Stopwatch.StartNew();
        Produce(topic, codec, records);
        var config = WorkerConfigLoader.LoadFile(configPath, NoEnvironment);
        using var composition = WorkerComposition.Create(config, TimeProvider.System);
        composition.Tenants.Start();
        await using var sinks = composition.Sinks;
        var topology = composition.UseInputPartitions(WorkerComposition.InputPartitions(config.Kafka));
        Assert.Equal(tracePartitions > 0 ? tracePartitions : Partitions, topology.TracePartitions);
        await using var worker = await KafkaWorker.StartAsync(composition.Options, topology, kafka.Topics, composition.Status, WorkerHarness.Loggers());
        log.WriteLine($"worker started after {elapsed.ElapsedMilliseconds} ms");

        var expected = await ProcessAsync(configPath, codec, cell, records);
        AssertCoversTheInput(expected);
        log.WriteLine($"process printed {expected.Count} series after {elapsed.ElapsedMilliseconds} ms");

        var clock = Clock(latestEnd + (ulong)ClockAhead.Ticks * 100UL, codec, cell);
        await AssertPrometheusConvergesTo(expected, $"{{{TenantLabel}=~\".+-{cell}\"}}", worker, () => Produce(topic, codec, clock));
        log.WriteLine($"converged after {elapsed.ElapsedMilliseconds} ms");
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_dir);

    /// <summary>
    /// Every fixture in a tenant of its own, then the synthetic records, encoded once: Kafka and <c>process</c> read the
    /// same bytes. Tenants end in the cell's name.
    /// </summary>
    private static List<(string Tenant, byte[] Record)> Input(ulong latestEnd, string cell, string codec)
    {
        var records = new List<(string, TracesData)>();
        foreach (var fixture in TempoFixtures.All)
        {
            records.Add((fixture.Replace("trace-", "", StringComparison.Ordinal).Replace(".json", "", StringComparison.Ordinal), Retimed(TempoFixtures.Load(fixture), latestEnd)));
        }

        records.AddRange(DifferentialTraces.Records(latestEnd));
        return records.Select(r => ($"{r.Item1}-{cell}", SyntheticRecordEncoder.Encode(r.Item2, codec))).ToList();
    }

    /// <summary>The traces shifted so the latest span ends at <paramref name="latestEnd"/> (Tempo's fixtures are from 2022).</summary>
    private static TracesData Retimed(TracesData traces, ulong latestEnd)
    {
        var spans = traces.ResourceSpans.SelectMany(rs => rs.ScopeSpans).SelectMany(ss => ss.Spans).ToList();
        var shift = latestEnd - spans.Max(s => s.EndTimeUnixNano);
        foreach (var span in spans)
        {
            span.StartTimeUnixNano += shift;
            span.EndTimeUnixNano += shift;
        }

        return traces;
    }

    private string WriteConfig(string cell, string topic, string codec, string guarantee, bool tracePartitioned, int tracePartitions)
    {
        var dimensions = string.Join(", ", DifferentialTraces.AttributeKeys.Concat(["http.method", "res.int", "res.double", "res.bool", "res.array"]));
        var yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            metrics_generator:
              registry:
                collection_interval: 1s
                window_grace: 1s
                inject_tenant_id_as: {{TenantLabel}}
              processor:
                span_metrics:
                  dimensions: [{{dimensions}}]
                  intrinsic_dimensions: {status_message: true}
                  enable_target_info: true
                  enable_tracestate_span_multiplier: true
                service_graphs:
                  dimensions: [attr.string, attr.int]
                  enable_messaging_system_latency_histogram: true
                  enable_virtual_node_label: true
                  wait: 1s
              storage:
                path: {{Path.Combine(_dir, "wal")}}
                remote_write:
                  - url: {{prometheus.RemoteWriteUrl}}
            kafka:
              bootstrap_servers: {{kafka.BootstrapServers}}
              application_id: differential-{{cell}}
              state_dir: {{Path.Combine(_dir, "streams")}}
              processing_guarantee: {{guarantee}}
              commit_interval: 200ms{{(tracePartitions > 0 ? $"\n  trace_partitions: {tracePartitions}" : "")}}
              topics:
                - {name: {{topic}}, codec: {{codec}}, trace_partitioned: {{(tracePartitioned ? "true" : "false")}}}
            overrides:
              defaults:
                metrics_generator:
                  processors: [span-metrics, service-graphs, host-info]
                  generate_native_histograms: both
            """);
        var path = Path.Combine(_dir, $"config-{cell}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary><c>process</c> once per tenant over that tenant's records, one file each, in order; its printed output parsed.</summary>
    private async Task<SeriesSnapshot> ProcessAsync(string configPath, string codec, string cell, List<(string Tenant, byte[] Record)> records)
    {
        var expected = new SeriesSnapshot();
        foreach (var tenant in records.Select(r => r.Tenant).Distinct())
        {
            var files = new List<string>();
            foreach (var (_, record) in records.Where(r => r.Tenant == tenant))
            {
                var file = Path.Combine(_dir, $"{cell}-{files.Count}-{tenant}.{codec}");
                await File.WriteAllBytesAsync(file, record);
                files.Add(file);
            }

            using var output = new StringWriter();
            using var error = new StringWriter();
            var options = new ProcessOptions { ConfigPath = configPath, Format = codec, Tenant = tenant, Files = files };
            var exit = await ProcessCommand.RunAsync(options, NoEnvironment, output, error);
            Assert.True(exit == ProcessDefaults.ExitOk, $"process for {tenant} exited {exit}: {error}");
            SeriesSnapshot.FromText(output.ToString(), expected);
        }

        return expected;
    }

    /// <summary>Each record as its producer writes it: the Collector's exporter (tenant header) or Tempo's distributor (key = tenant).</summary>
    private void Produce(string topic, string codec, List<(string Tenant, byte[] Record)> records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();
        for (var i = 0; i < records.Count; i++)
        {
            var (tenant, record) = records[i];
            var message = new Message<byte[], byte[]> { Key = [], Value = record };
            if (KafkaTopicOptions.TenantInKey(codec))
            {
                message.Key = Encoding.UTF8.GetBytes(tenant);
            }
            else
            {
                message.Headers = new Headers { { DecodeDefaults.TenantHeader, Encoding.UTF8.GetBytes(tenant) } };
            }

            // Every record holds whole traces, so any partition keeps a trace together (a trace-partitioned topic).
            producer.Produce(new TopicPartition(topic, new Partition(i % Partitions)), message);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>The comparison means something only if the input reached every kind of series; a config change could lose one.</summary>
    private static void AssertCoversTheInput(SeriesSnapshot expected)
    {
        foreach (var name in (string[])["traces_spanmetrics_calls_total{", "traces_spanmetrics_size_total{", "traces_spanmetrics_latency_bucket{", "traces_target_info{", "traces_service_graph_request_total{", "traces_service_graph_request_messaging_system_seconds_bucket{", "traces_host_info{"])
        {
            Assert.True(expected.Series.Keys.Any(k => k.StartsWith(name, StringComparison.Ordinal)), "no series " + name + "…}");
        }

        Assert.Contains(expected.Series, s => s.Key.Contains("connection_type=\"virtual_node\"", StringComparison.Ordinal));
        Assert.Contains(expected.Series, s => s.Key.StartsWith("traces_spanmetrics_latency{", StringComparison.Ordinal) && s.Value.Contains(" buckets=[-", StringComparison.Ordinal));
        // Bytes and empty values stringify to empty label values, which no series shows; their spans still count.
        foreach (var key in DifferentialTraces.AttributeKeys.Except(["attr.bytes", "attr.empty"]))
        {
            Assert.True(expected.Series.Keys.Any(k => k.Contains(key.Replace('.', '_') + "=", StringComparison.Ordinal)), "no series with a label for " + key);
        }
    }

    /// <summary>
    /// Records of a tenant that is not compared, one per partition, whose spans end <see cref="ClockAhead"/> after the
    /// input: each carries many traces, so every trace partition gets some, and every generate task's event-time
    /// watermark passes the input's windows without waiting for the task to go idle.
    /// </summary>
    private static List<(string Tenant, byte[] Record)> Clock(ulong endUnixNano, string codec, string cell)
    {
        var records = new List<(string, byte[])>();
        for (var partition = 0; partition < Partitions; partition++)
        {
            var spans = new ScopeSpans();
            for (var trace = 0; trace < 64; trace++)
            {
                spans.Spans.Add(new Span
                {
                    TraceId = ByteString.CopyFrom([0xc1, (byte)partition, .. new byte[13], (byte)trace]),
                    SpanId = ByteString.CopyFrom([.. new byte[7], 1]),
                    Name = "clock",
                    StartTimeUnixNano = endUnixNano - 1_000_000,
                    EndTimeUnixNano = endUnixNano,
                });
            }

            var traces = new TracesData { ResourceSpans = { new ResourceSpans { ScopeSpans = { spans } } } };
            records.Add(($"{cell}-clock", SyntheticRecordEncoder.Encode(traces, codec)));
        }

        return records;
    }

    /// <summary>
    /// Polls Prometheus until it holds exactly <paramref name="expected"/>. <paramref name="advanceClock"/> runs once the
    /// first series is there and service-graph edges have had time to expire (virtual nodes), so they are counted in
    /// windows the clock then closes; should it come early, the late edges are folded into a later window, closed once
    /// the worker is idle: slower, equally final.
    /// </summary>
    private async Task AssertPrometheusConvergesTo(SeriesSnapshot expected, string selector, KafkaWorker worker, Action advanceClock)
    {
        var patience = Stopwatch.StartNew();
        var still = Stopwatch.StartNew();
        Stopwatch? sinceFirst = null;
        var clockAdvanced = false;
        string? last = null;
        while (true)
        {
            var actual = SeriesSnapshot.FromPrometheus(await prometheus.QueryAsync(selector), NativeSchema);
            var difference = expected.FirstDifference(actual);
            if (difference is null)
            {
                return;
            }

            if (actual.Count > 0 && sinceFirst is null)
            {
                sinceFirst = Stopwatch.StartNew();
                log.WriteLine($"first series after {patience.ElapsedMilliseconds} ms");
            }

            if (!clockAdvanced && sinceFirst?.Elapsed > ClockAfter)
            {
                advanceClock();
                clockAdvanced = true;
                log.WriteLine($"clock after {patience.ElapsedMilliseconds} ms");
            }

            var seen = string.Join('\n', actual.Series);
            if (seen != last || actual.Count == 0)
            {
                last = seen;
                still.Restart();
            }

            if (worker.Failed.IsCompleted)
            {
                Assert.Fail($"the worker failed: {await worker.Failed}; first difference: {difference}");
            }

            if (still.Elapsed > Quiet || patience.Elapsed > Patience)
            {
                Assert.Fail($"first difference after {patience.Elapsed.TotalSeconds:F0} s: {difference}");
            }

            await Task.Delay(Poll);
        }
    }
}
