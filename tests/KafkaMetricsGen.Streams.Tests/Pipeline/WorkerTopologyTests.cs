using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Pipeline;

[Collection(KafkaCollection.Name)]
public sealed class WorkerTopologyTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 4;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-state-").FullName;

    [Fact]
    public async Task Spans_spread_over_partitions_become_span_metrics_and_a_complete_service_graph()
    {
        var topic = kafka.CreateUniqueTopic("spans", Partitions);
        const int traces = 40;
        WorkerHarness.ProduceTraces(kafka, topic, traces);
        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, WorkerHarness.FastConfig(), sink);

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir), topology))
        {
            var done = await WorkerHarness.WaitUntilAsync(() => Total(sink, "traces_spanmetrics_calls_total") >= traces * SyntheticTraceDefaults.SpansPerTrace && Edge(sink, "checkout", "payments") >= traces, TimeSpan.FromSeconds(60));
            Assert.True(done, $"calls={Total(sink, "traces_spanmetrics_calls_total")} edges={Edge(sink, "checkout", "payments")}");
        }

        Assert.Equal(traces * SyntheticTraceDefaults.SpansPerTrace, Total(sink, "traces_spanmetrics_calls_total"));
        Assert.Equal(traces, Edge(sink, "frontend", "checkout"));
        Assert.Equal(traces, Edge(sink, "checkout", "payments"));
        Assert.Equal(traces, Edge(sink, "checkout", "inventory"));
        Assert.Equal(traces, Edge(sink, "inventory", "inventory-db"));
        Assert.Equal(traces, Edge(sink, "checkout", "fulfillment"));
    }

    [Fact]
    public async Task Garbage_records_go_to_the_dead_letter_topic_while_valid_ones_are_counted()
    {
        var topic = kafka.CreateUniqueTopic("mixed", Partitions);
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            var headers = new Headers { { "origin", Encoding.UTF8.GetBytes("test") } };
            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("k1"), Value = [0xFF, 0xFF, 0xFF, 0x01], Headers = headers });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        WorkerHarness.ProduceTraces(kafka, topic, 5);
        var (sink, input) = await RunUntilCountedAsync(topic, 5 * SyntheticTraceDefaults.SpansPerTrace);

        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("dlq"))).Build();
        consumer.Subscribe(input.DeadLetterTopic);
        var dead = consumer.Consume(TimeSpan.FromSeconds(20));
        Assert.NotNull(dead);
        Assert.Equal("k1", Encoding.UTF8.GetString(dead.Message.Key));
        Assert.Equal([0xFF, 0xFF, 0xFF, 0x01], dead.Message.Value);
        Assert.Equal("test", Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes("origin")));
        Assert.False(string.IsNullOrEmpty(Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(StreamsNames.ErrorReasonHeader))));
        Assert.Equal(5 * SyntheticTraceDefaults.SpansPerTrace, Total(sink, "traces_spanmetrics_calls_total"));
    }

    [Fact]
    public async Task Spans_buffered_before_a_garbage_record_are_counted_and_only_the_garbage_goes_to_the_dead_letter_topic()
    {
        // The decode stage sends buffered sub-batches at commit, in the record context of the last record it processed:
        // here a garbage record (with error headers) on every partition.
        var topic = kafka.CreateUniqueTopic("garbage-last", Partitions);
        WorkerHarness.ProduceTraces(kafka, topic, 5);
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            for (var p = 0; p < Partitions; p++)
            {
                producer.Produce(new TopicPartition(topic, new Partition(p)), new Message<byte[], byte[]> { Key = [(byte)p], Value = [0xFF, 0xFF, 0xFF, 0x01] });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var (sink, input) = await RunUntilCountedAsync(topic, 5 * SyntheticTraceDefaults.SpansPerTrace);

        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(KafkaFixture.UniqueName("dlq"))).Build();
        consumer.Subscribe(input.DeadLetterTopic);
        var dead = 0;
        while (consumer.Consume(TimeSpan.FromSeconds(5)) is { } record)
        {
            Assert.Equal([0xFF, 0xFF, 0xFF, 0x01], record.Message.Value);
            dead++;
        }

        Assert.Equal(Partitions, dead);
        Assert.Equal(5 * SyntheticTraceDefaults.SpansPerTrace, Total(sink, "traces_spanmetrics_calls_total"));
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    /// <summary>Runs the worker over an otlp_proto topic until <paramref name="spans"/> calls are counted, then stops it.</summary>
    private async Task<(LatestValuesSink Sink, InputTopic Input)> RunUntilCountedAsync(string topic, int spans)
    {
        var sink = new LatestValuesSink();
        var input = new InputTopic(topic, Codecs.OtlpProto);
        var topology = WorkerHarness.Topology([input], Partitions, WorkerHarness.FastConfig(), sink);
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir), topology))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Total(sink, "traces_spanmetrics_calls_total") >= spans, TimeSpan.FromSeconds(60)));
        }

        return (sink, input);
    }

    private static double Total(LatestValuesSink sink, string metric) =>
        sink.Tenants.SelectMany(sink.Samples).Where(s => s.Metric == metric).Sum(s => s.Value);

    private static double Edge(LatestValuesSink sink, string client, string server) =>
        sink.Tenants.SelectMany(sink.Samples)
            .Where(s => s.Metric == "traces_service_graph_request_total" && s.Label("client") == client && s.Label("server") == server)
            .Sum(s => s.Value);
}
