using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Guarantees;
using KafkaMetricsGen.Streams.Ingest;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Streams.Decode;

/// <summary>
/// The decode stage runs span metrics where a record arrives and sends through the spans-by-trace hop only the spans the
/// processors that need trace affinity read, through the real topology on the embedded broker.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class TraceHopTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 4;
    private const int Traces = 20;
    private const int Seed = 17;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-state-").FullName;

    [Fact]
    public async Task A_tenant_with_span_metrics_only_sends_no_span_through_the_trace_hop()
    {
        var topic = kafka.CreateUniqueTopic("hop-none", Partitions);
        var tenant = KafkaFixture.UniqueName("hop-none");
        var sent = SpanRecords.Produce(kafka, topic, Partitions, Traces, Seed, SpanRecords.NowUnixNano(), tenant: tenant);
        var sink = new LatestValuesSink();
        var config = WorkerHarness.FastConfig();
        var spanMetricsOnly = new Tenancy.TenantPipelineConfig { Registry = config.Registry, SpanMetrics = config.SpanMetrics };
        var app = KafkaFixture.UniqueName("app");
        var hop = HopCounts.Now(tenant);

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, app, _stateDir), WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, spanMetricsOnly, sink)))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= sent, TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(sent, SinkTotals.Total(sink, SinkTotals.Calls));
        Assert.Equal(0, EndOffsets(StreamsNames.RepartitionTopic(app, StreamsNames.SpansByTrace)));
        Assert.Equal((0, 0), HopCounts.Now(tenant).Since(hop));
        Assert.True(EndOffsets(StreamsNames.RepartitionTopic(app, StreamsNames.LocalSeriesDeltas)) > 0);
    }

    [Fact]
    public async Task Only_the_spans_service_graphs_read_cross_the_trace_hop()
    {
        var topic = kafka.CreateUniqueTopic("hop-edges", Partitions);
        var end = SpanRecords.NowUnixNano();
        var tenant = KafkaFixture.UniqueName("hop-edges");
        var sent = SpanRecords.Produce(kafka, topic, Partitions, Traces, Seed, end, tenant: tenant);
        var sink = new LatestValuesSink();
        var app = KafkaFixture.UniqueName("app");
        var hop = HopCounts.Now(tenant);

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, app, _stateDir), WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, WorkerHarness.FastConfig(), sink)))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= sent && SinkTotals.Edge(sink, "checkout", "fulfillment") >= Traces, TimeSpan.FromSeconds(60)));
        }

        var crossed = HopSpans(StreamsNames.RepartitionTopic(app, StreamsNames.SpansByTrace));
        var edgeSpans = EdgeSpans(new SyntheticTraceGenerator(new SyntheticTraceOptions { Seed = Seed }).Generate(Traces, end));
        Assert.Equal(sent, SinkTotals.Total(sink, SinkTotals.Calls));
        Assert.Equal(Traces, SinkTotals.Edge(sink, "frontend", "checkout"));
        Assert.InRange(edgeSpans, 1, sent - 1);
        Assert.Equal(edgeSpans, crossed.Count);
        Assert.All(crossed, kind => Assert.True(ServiceGraphsProcessor.Reads(kind), $"a {kind} span crossed the hop"));

        // The self-metrics count the same spans on both sides of the hop.
        Assert.Equal((edgeSpans, edgeSpans), HopCounts.Now(tenant).Since(hop));
    }

    [Fact]
    public async Task A_larger_trace_partitioned_input_beside_an_unpartitioned_one_has_every_span_counted()
    {
        var scattered = kafka.CreateUniqueTopic("hop-mixed-scattered", Partitions);
        var whole = kafka.CreateUniqueTopic("hop-mixed-whole", Partitions + 2);
        var sent = SpanRecords.Produce(kafka, scattered, Partitions, Traces, Seed, SpanRecords.NowUnixNano());
        WorkerHarness.ProduceTraces(kafka, whole, Traces);
        var expected = sent + (Traces * SyntheticTraceDefaults.SpansPerTrace);
        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology(
            [new InputTopic(scattered, Codecs.OtlpProto), new InputTopic(whole, Codecs.OtlpProto, TracePartitioned: true)], Partitions + 2, WorkerHarness.FastConfig(), sink);

        // The decode tasks of the scattered input number 4, not 6: no window may wait for the missing two.
        Assert.False(Pipeline.WorkerTopology.RunsWhereRecordsArrive(topology));
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir), topology))
        {
            var done = await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= expected && SinkTotals.Edge(sink, "checkout", "fulfillment") >= 2 * Traces, TimeSpan.FromSeconds(60));
            Assert.True(done, $"calls {SinkTotals.Total(sink, SinkTotals.Calls)} of {expected}, edges {SinkTotals.Edge(sink, "checkout", "fulfillment")} of {2 * Traces}");
        }

        Assert.Equal(expected, SinkTotals.Total(sink, SinkTotals.Calls));
        Assert.Equal(2 * Traces, SinkTotals.Edge(sink, "frontend", "checkout"));
    }

    [Fact]
    public async Task A_trace_partitioned_input_runs_span_metrics_where_it_arrives_the_rest_without_the_hop_and_dead_letters_a_record_keyed_like_the_marker()
    {
        var input = new InputTopic(kafka.CreateUniqueTopic("direct", Partitions), Codecs.OtlpProto, TracePartitioned: true);
        WorkerHarness.ProduceTraces(kafka, input.Name, Traces);
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            // Same bytes as the hand-off marker's key, but an input record: it must reach the dead-letter topic.
            producer.Produce(input.Name, new Message<byte[], byte[]> { Key = [.. Generate.DirectBatchHandOff.Key], Value = [0x0F] });
            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var expected = Traces * SyntheticTraceDefaults.SpansPerTrace;
        var sink = new LatestValuesSink();
        var app = KafkaFixture.UniqueName("app");
        var topology = WorkerHarness.Topology([input], Partitions, WorkerHarness.FastConfig(), sink);
        Assert.True(Pipeline.WorkerTopology.RunsWhereRecordsArrive(topology));
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, app, _stateDir), topology))
        {
            var done = await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= expected && SinkTotals.Edge(sink, "checkout", "fulfillment") >= Traces, TimeSpan.FromSeconds(60));
            Assert.True(done, $"calls {SinkTotals.Total(sink, SinkTotals.Calls)} of {expected}, edges {SinkTotals.Edge(sink, "checkout", "fulfillment")} of {Traces}");
        }

        Assert.Equal(expected, SinkTotals.Total(sink, SinkTotals.Calls));
        Assert.Equal(Traces, SinkTotals.Edge(sink, "frontend", "checkout"));
        Assert.DoesNotContain(Pipeline.WorkerTopology.Topics(topology, app), t => t.Name.Contains(StreamsNames.SpansByTrace, StringComparison.Ordinal));

        // Span metrics ran in the decode stage: their deltas and the decode tasks' watermarks took the local topic.
        Assert.True(EndOffsets(StreamsNames.RepartitionTopic(app, StreamsNames.LocalSeriesDeltas)) > 0);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("dlq"))).Build();
        Assert.Equal(1, consumer.QueryWatermarkOffsets(new TopicPartition(input.DeadLetterTopic, 0), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>A tenant's spans sent through the hop and processed after it, from the self-metrics.</summary>
    private readonly record struct HopCounts(double Sent, double Processed)
    {
        public static HopCounts Now(string tenant) => new(
            Generate.GenerateMetrics.SpansSentByTrace.WithLabels(tenant).Value,
            Generate.GenerateMetrics.SpansProcessedByTrace.WithLabels(tenant).Value);

        public (int Sent, int Processed) Since(HopCounts start) => ((int)(Sent - start.Sent), (int)(Processed - start.Processed));
    }

    private static int EdgeSpans(TracesData data) =>
        data.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Count(s => ServiceGraphsProcessor.Reads((SpanKind)(int)s.Kind));

    private long EndOffsets(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("count"))).Build();
        var total = 0L;
        for (var p = 0; p < Partitions; p++)
        {
            total += consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value;
        }

        return total;
    }

    /// <summary>The kind of every span in the hop topic's frames.</summary>
    private List<SpanKind> HopSpans(string topic)
    {
        var kinds = new List<SpanKind>();
        var batch = new SpanBatch();
        var decoder = new OtlpProtoDecoder();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("hop"))).Build();
        var end = EndOffsets(topic);
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = 0L;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (read < end && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is not { Message: { } message })
            {
                continue;
            }

            read++;
            var offset = 0;
            while (SubBatchFrame.TryNext(message.Value, ref offset, out var subBatch, out _))
            {
                Assert.True(SubBatchFrame.Read(subBatch, decoder, batch).Success);
                foreach (ref readonly var span in batch.Spans)
                {
                    kinds.Add(span.Kind);
                }
            }
        }

        Assert.Equal(end, read);
        return kinds;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
