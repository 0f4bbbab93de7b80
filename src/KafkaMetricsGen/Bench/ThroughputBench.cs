using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Synthetic;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.Streams.Topics;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// <c>bench throughput</c>: fills a topic of the embedded broker with synthetic traces, then measures in the same
/// process a plain consumer reading the whole topic (the ceiling the broker and client allow) and the worker from
/// start until every span is counted in <c>traces_spanmetrics_calls_total</c> (window close included).
/// </summary>
public sealed class ThroughputBench(ThroughputBenchOptions options, TextWriter output, ILoggerFactory loggers)
{
    private const string Topic = "bench-spans";
    private const string CallsTotal = "traces_spanmetrics_calls_total";

    public async Task<ThroughputResult> RunAsync(CancellationToken cancellationToken)
    {
        options.Validate();
        var tenant = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var records = (options.Spans + (ThroughputBenchDefaults.TracesPerRecord * SyntheticTraceDefaults.SpansPerTrace) - 1) / (ThroughputBenchDefaults.TracesPerRecord * SyntheticTraceDefaults.SpansPerTrace);
        var traces = (options.Spans + SyntheticTraceDefaults.SpansPerTrace - 1) / SyntheticTraceDefaults.SpansPerTrace;
        var spans = traces * SyntheticTraceDefaults.SpansPerTrace;
        var partitions = FittingPartitions(records);
        if (partitions != options.Partitions)
        {
            await output.WriteLineAsync($"note: {options.Partitions} partitions would overflow the embedded broker's 5 MiB per partition; using {partitions}").ConfigureAwait(false);
        }

        var stateDir = Directory.CreateTempSubdirectory("kafka-metrics-gen-bench-").FullName;
        try
        {
            using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
            broker.CreateTopic(Topic, partitions);

            if (options.ClientConfig.Count > 0)
            {
                await output.WriteLineAsync("client config: " + string.Join(", ", options.ClientConfig.Select(kv => kv.Key + "=" + kv.Value))).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"filling {Topic}: {spans} spans in {records} records ...").ConfigureAwait(false);
            var fill = Stopwatch.StartNew();
            using (var producer = new SyntheticProducer(new SyntheticProducerOptions
            {
                BootstrapServers = broker.BootstrapServers,
                Topic = Topic,
                TracesPerSecond = 0,
                TracesPerRecord = ThroughputBenchDefaults.TracesPerRecord,
                MaxTraces = traces,
                Tenant = tenant,
            }))
            {
                await producer.RunAsync(cancellationToken).ConfigureAwait(false);
            }

            fill.Stop();

            await output.WriteLineAsync("baseline: plain consumer ...").ConfigureAwait(false);
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var (baseline, readRecords, bytes) = ReadAll(broker.BootstrapServers, partitions, records, cancellationToken);
            var baselineAllocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            if (readRecords != records)
            {
                throw new InvalidOperationException($"the topic holds {readRecords} of {records} records (the broker dropped data); use more --partitions");
            }

            await output.WriteLineAsync("ceilings: Kafka Streams passing the topic to a no-op, directly and through one repartition hop ...").ConfigureAwait(false);
            var passThrough = new StreamsPassThrough(broker, Topic, partitions, records, loggers);
            var direct = await passThrough.RunAsync(WorkerOptions(broker, Path.Combine(stateDir, "pass-through")), throughHop: false, cancellationToken).ConfigureAwait(false);
            var hop = await passThrough.RunAsync(WorkerOptions(broker, Path.Combine(stateDir, "pass-through-hop")), throughHop: true, cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync($"worker ({options.Guarantee}), cold: the first pass in this process ...").ConfigureAwait(false);
            var cold = await RunWorkerAsync(broker, partitions, Path.Combine(stateDir, "cold"), tenant, spans, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"worker ({options.Guarantee}), warm: a second pass over the topic under a new application id ...").ConfigureAwait(false);
            var warm = await RunWorkerAsync(broker, partitions, Path.Combine(stateDir, "warm"), tenant, spans, cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync("ceiling: single pass (plain consumer, decode, generate, aggregate on one thread) ...").ConfigureAwait(false);
            var (single, singleCounted, singleRequests, _, singleCpu) = SinglePass.Run(broker.BootstrapServers, Topic, partitions, records, PipelineConfig(), CallsTotal, ServiceGraphsMetricNames.RequestTotal, tenant, cancellationToken);
            if (singleCounted != spans)
            {
                throw new InvalidOperationException($"the single pass counted {singleCounted} of {spans} spans");
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"service-graph requests: cold {cold.Requests}, warm {warm.Requests}, single pass {singleRequests}")).ConfigureAwait(false);
            if (HopLossCheck.Problem(singleRequests, cold.Requests, warm.Requests) is { } lost)
            {
                throw new InvalidOperationException(lost);
            }

            return new ThroughputResult(spans, records, bytes, partitions, options.Guarantee, options.TracePartitioned, fill.Elapsed, baseline, baselineAllocated, direct, hop, single, cold, warm, Process.GetCurrentProcess().PeakWorkingSet64, singleCpu);
        }
        finally
        {
            TryDelete(stateDir);
        }
    }

    /// <summary>Raises the partition count until the encoded records fit below the broker's per-partition retention.</summary>
    internal int FittingPartitions(long records)
    {
        var sample = SyntheticRecordEncoder.Encode(new SyntheticTraceGenerator().Generate(ThroughputBenchDefaults.TracesPerRecord, 1_000_000_000UL), Codecs.OtlpProto).Length;

        var needed = (int)Math.Ceiling(records * (double)sample * ThroughputBenchDefaults.RetentionMargin / ThroughputBenchDefaults.MaxBytesPerPartition);
        return Math.Max(options.Partitions, needed);
    }

    /// <summary>
    /// Reads the topic from the beginning; the clock stops at the last record written, not at the end-of-partition
    /// events, which librdkafka delivers only after a fetch that waits its fetch.wait.max.ms (500 ms) for more data. The
    /// events still end the read when records are missing.
    /// </summary>
    private static (TimeSpan Elapsed, long Records, long Bytes) ReadAll(string bootstrapServers, int partitions, long expected, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "bench-baseline-" + Guid.NewGuid().ToString("N"),
            EnablePartitionEof = true,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        var watch = Stopwatch.StartNew();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        var open = partitions;
        long records = 0;
        long bytes = 0;
        while (open > 0 && records < expected)
        {
            var result = consumer.Consume(cancellationToken);
            if (result.IsPartitionEOF)
            {
                open--;
                continue;
            }

            records++;
            bytes += result.Message.Value.Length;
        }

        watch.Stop();
        consumer.Close();
        return (watch.Elapsed, records, bytes);
    }

    /// <summary>
    /// One worker from start until every span is counted. The steady interval runs from the first span decoded to the
    /// moment the last span has been through every processor: where its record arrived and, for the spans that cross the
    /// spans-by-trace hop, after it; the stream thread's CPU and the process's allocations are taken over it.
    /// </summary>
    private async Task<WorkerPass> RunWorkerAsync(EmbeddedKafkaBroker broker, int partitions, string stateDir, string tenant, long spans, CancellationToken cancellationToken)
    {
        var sink = new LatestValuesSink();
        var status = new WorkerStatus();
        var configs = new StaticTenantConfigSource(PipelineConfig());
        var topology = TopologyComposition.Create(new TopologyParts
        {
            Inputs = [new InputTopic(Topic, Codecs.OtlpProto, options.TracePartitioned)],
            Partitions = partitions,
            TracePartitions = options.TracePartitions,
            SeriesPartitions = options.SeriesPartitions,
            Configs = configs,
            Sinks = sink,
            Status = status,
            IdleAfter = ThroughputBenchDefaults.IdleAfter,
            IdleLag = ThroughputBenchDefaults.IdleLag,
        });
        var workerOptions = WorkerOptions(broker, stateDir);

        // The self-metrics are process-wide and the passes share the tenant: each pass counts from where the last ended.
        var receivedAtStart = SelfMetrics.SpansReceived.WithLabels(tenant).Value;
        var processedAtStart = GenerateMetrics.SpansProcessed.WithLabels(tenant).Value;
        var quietSpells = GenerateMetrics.IdleSpells.Value;
        var trafficAtStart = StageTraffic.Now(tenant);
        var lastQuiet = TimeSpan.Zero;
        var gcAtStart = WorkerGcStats.Now();
        var watch = Stopwatch.StartNew();
        SteadyMark? first = null;
        SteadyMark? last = null;
        var worker = await KafkaWorker.StartAsync(workerOptions, topology, new MockTopicProvisioner(broker), status, loggers, cancellationToken).ConfigureAwait(false);
        var started = watch.Elapsed;
        TimeSpan? assigned = null;
        var running = worker.Running.ContinueWith(_ => watch.Elapsed, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await using (worker.ConfigureAwait(false))
        {
            var streamThread = ThreadCpu.Find(workerOptions.ApplicationId + "-");
            var lastReport = TimeSpan.Zero;
            var lastProgress = TimeSpan.Zero;
            var lastCounted = 0.0;
            while (true)
            {
                if (worker.Failed.IsCompleted)
                {
                    throw new InvalidOperationException("the worker failed: " + await worker.Failed.ConfigureAwait(false));
                }

                var received = SelfMetrics.SpansReceived.WithLabels(tenant).Value - receivedAtStart;
                var processed = GenerateMetrics.SpansProcessed.WithLabels(tenant).Value - processedAtStart;
                assigned ??= status.AssignedPartitions.Count > 0 ? watch.Elapsed : null;
                first ??= received > 0 ? SteadyMark.Now(watch, streamThread) : null;
                last ??= processed >= spans && ThroughHop(tenant, trafficAtStart) ? SteadyMark.Now(watch, streamThread) : null;
                if (GenerateMetrics.IdleSpells.Value != quietSpells)
                {
                    quietSpells = GenerateMetrics.IdleSpells.Value;
                    lastQuiet = watch.Elapsed;
                }

                var counted = Counted(sink, tenant);
                if (counted >= spans && first is { } f && last is { } l)
                {
                    var end = SteadyMark.Now(watch, streamThread);
                    var hasCpu = streamThread.Threads > 0;
                    var phases = new StartupPhases(started, assigned ?? f.At, running.IsCompleted ? await running.ConfigureAwait(false) : f.At);
                    await output.WriteLineAsync("  " + StageTraffic.Now(tenant).Since(trafficAtStart, spans)).ConfigureAwait(false);
                    var pass = new WorkerPass(f.At, l.At - f.At, end.At - l.At, end.At, hasCpu ? l.Cpu - f.Cpu : null, l.Allocated - f.Allocated, WorkerGcStats.Now().Since(gcAtStart), hasCpu ? end.Cpu - f.Cpu : null, end.Allocated - f.Allocated, phases, lastQuiet - l.At);
                    return pass with { Requests = await SettledRequestsAsync(sink, tenant, cancellationToken).ConfigureAwait(false), Jit = l.Jit.Since(f.Jit) };
                }

                if (counted != lastCounted)
                {
                    lastCounted = counted;
                    lastProgress = watch.Elapsed;
                }

                if (watch.Elapsed > ThroughputBenchDefaults.WorkerTimeout || (counted > 0 && watch.Elapsed - lastProgress > ThroughputBenchDefaults.StallTimeout))
                {
                    throw new TimeoutException($"the worker counted {counted} of {spans} spans and made no progress for {(watch.Elapsed - lastProgress).TotalSeconds:0} s "
                        + "(an internal topic past the embedded broker's 5 MiB per partition loses records); use fewer --spans or more --partitions, --trace-partitions or --series-partitions "
                        + "(2 M spans need --series-partitions 16: every generate task sends its deltas to the few series partitions)");
                }

                if (watch.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
                {
                    lastReport = watch.Elapsed;
                    await output.WriteLineAsync($"  {watch.Elapsed.TotalSeconds:0}s: decoded {received:0}, generated {processed:0}, counted {counted:0} of {spans}").ConfigureAwait(false);
                }

                await Task.Delay(first is null ? ThroughputBenchDefaults.StartPoll : ThroughputBenchDefaults.ProgressPoll, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The processors the bench runs: span metrics and service graphs with their defaults, 1 s windows, and room for
    /// every pending edge (<see cref="ThroughputBenchDefaults.MaxPendingEdges"/>) for longer than a pass
    /// (<see cref="ThroughputBenchDefaults.EdgeWait"/>).
    /// </summary>
    private static TenantPipelineConfig PipelineConfig() => new()
    {
        Registry = new RegistryOptions { CollectionInterval = ThroughputBenchDefaults.CollectionInterval, WindowGrace = ThroughputBenchDefaults.WindowGrace },
        SpanMetrics = new SpanMetricsOptions(),
        ServiceGraphs = new ServiceGraphsOptions { MaxItems = ThroughputBenchDefaults.MaxPendingEdges, Wait = ThroughputBenchDefaults.EdgeWait },
    };

    /// <summary>The stream settings of the worker under test; the pass-through ceilings use the same.</summary>
    internal KafkaWorkerOptions WorkerOptions(EmbeddedKafkaBroker broker, string stateDir) => WorkerOptions(broker.BootstrapServers, stateDir);

    internal KafkaWorkerOptions WorkerOptions(string bootstrapServers, string stateDir) => new()
    {
        BootstrapServers = bootstrapServers,
        ClientConfig = options.ClientConfig,
        ApplicationId = "bench-" + Guid.NewGuid().ToString("N")[..8],
        StateDir = stateDir,
        ProcessingGuarantee = options.Guarantee,
        CommitIntervalMs = (long)options.CommitInterval.TotalMilliseconds,
        SessionTimeoutMs = 6000,
    };

    private static double Counted(LatestValuesSink sink, string tenant) => sink.Total(tenant, CallsTotal);

    /// <summary>
    /// True once every span sent through the spans-by-trace hop has been processed after it. Read after every span was
    /// seen processed where it arrived: the decode stage counts a record's spans sent before it counts them processed,
    /// so the sent count is final by then.
    /// </summary>
    private static bool ThroughHop(string tenant, StageTraffic atStart) =>
        GenerateMetrics.SpansProcessedByTrace.WithLabels(tenant).Value - atStart.HopProcessed
            >= GenerateMetrics.SpansSentByTrace.WithLabels(tenant).Value - atStart.HopSent;

    /// <summary>
    /// The pass's service-graph requests once they stop changing (the figures are taken before this wait): the windows
    /// of the last requests may reach the sink a little after the last span is counted.
    /// </summary>
    private static async Task<double> SettledRequestsAsync(LatestValuesSink sink, string tenant, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var requests = sink.Total(tenant, ServiceGraphsMetricNames.RequestTotal);
        var still = Stopwatch.StartNew();
        while (still.Elapsed < ThroughputBenchDefaults.RequestsSettle && watch.Elapsed < ThroughputBenchDefaults.RequestsSettleLimit)
        {
            await Task.Delay(ThroughputBenchDefaults.ProgressPoll, cancellationToken).ConfigureAwait(false);
            var now = sink.Total(tenant, ServiceGraphsMetricNames.RequestTotal);
            if (now != requests)
            {
                requests = now;
                still.Restart();
            }
        }

        return requests;
    }

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
