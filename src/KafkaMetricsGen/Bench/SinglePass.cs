using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Generate;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.Streams.Worker;

namespace KafkaMetricsGen.Bench;

/// <summary>
/// The design's limit, a ceiling of <c>bench throughput</c>: a plain consumer hands whole records to the worker's
/// decoder, generate engine and aggregate engine on one thread, with no Kafka Streams, no hop and no state store
/// between them. A worker that decodes each span once and processes it where it arrives approaches this.
/// </summary>
internal static class SinglePass
{
    /// <summary>How many records pass between two drains of the closed windows' deltas into the aggregate engine.</summary>
    private const int DrainEvery = 64;

    /// <summary>
    /// Time from assignment until every record is decoded and processed, the spans counted in <paramref name="metric"/>,
    /// the total of <paramref name="requestsMetric"/>, the bytes allocated and the CPU the calling thread used meanwhile
    /// (null where it cannot be read).
    /// </summary>
    public static (TimeSpan Elapsed, double Counted, double Requests, long Allocated, TimeSpan? Cpu) Run(string bootstrapServers, string topic, int partitions, long records, TenantPipelineConfig config, string metric, string requestsMetric, string tenant, CancellationToken cancellationToken)
    {
        var configs = new StaticTenantConfigSource(config);
        var decoder = new OtlpProtoDecoder();
        var batch = new SpanBatch();
        var sink = new LatestValuesSink();
        var aggregate = new AggregateEngine(configs, sink, new InMemoryAggregateStateStore());
        var deltas = new List<KeyValuePair<int, byte[]>>();
        using var generate = new GenerateEngine(configs, 1, TimeProvider.System);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "bench-single-pass-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,

            // The worker's fetch settings: a single pass is busier than the network, and with librdkafka's 1 s backoff
            // for a full prefetch queue it would wait on fetches the worker does not wait on.
            FetchQueueBackoffMs = StreamClientDefaults.FetchQueueBackoffMs,
            FetchWaitMaxMs = StreamClientDefaults.FetchWaitMaxMs,
            SocketNagleDisable = StreamClientDefaults.SocketNagleDisable,
        }).Build();
        var allocated = GC.GetTotalAllocatedBytes();
        var thread = ThreadCpu.Current();
        var cpu = thread.Used();
        var watch = Stopwatch.StartNew();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        for (long read = 0; read < records; read++)
        {
            var message = consumer.Consume(cancellationToken).Message;
            batch.Reset();
            if (!decoder.Decode(message.Key ?? [], message.Value, batch).Success)
            {
                throw new InvalidOperationException("the single pass could not decode a bench record");
            }

            if (batch.Tenant.Length == 0)
            {
                batch.Tenant = message.Headers.TryGetLastBytes(DecodeDefaults.TenantHeader, out var header) ? Encoding.UTF8.GetString(header) : DecodeDefaults.DefaultTenant;
            }

            generate.Process(batch);
            if (read % DrainEvery == DrainEvery - 1)
            {
                Apply(generate, aggregate, deltas, closedOnly: true);
            }
        }

        Apply(generate, aggregate, deltas, closedOnly: false);
        watch.Stop();
        cpu = thread.Used() - cpu;
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        consumer.Close();
        aggregate.CollectAll();
        return (watch.Elapsed, sink.Total(tenant, metric), sink.Total(tenant, requestsMetric), allocated, thread.Threads > 0 ? cpu : null);
    }

    private static void Apply(GenerateEngine generate, AggregateEngine aggregate, List<KeyValuePair<int, byte[]>> deltas, bool closedOnly)
    {
        if (closedOnly)
        {
            generate.DrainClosed(deltas);
        }
        else
        {
            generate.Drain(deltas);
        }

        foreach (var (_, record) in deltas)
        {
            aggregate.Apply(record);
        }

        deltas.Clear();
    }
}
