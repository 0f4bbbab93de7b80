using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Guarantees;

[Collection(KafkaRestartCollection.Name)]
public sealed class UnpartitionedInputTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 4;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-state-").FullName;

    [Fact]
    public async Task Spans_of_one_trace_on_different_partitions_still_form_a_complete_service_graph()
    {
        const int traces = 20;
        var topic = kafka.CreateUniqueTopic("scattered", Partitions);
        var sent = SpanRecords.Produce(kafka, topic, Partitions, traces, seed: 11, SpanRecords.NowUnixNano());
        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, WorkerHarness.FastConfig(), sink);

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, KafkaFixture.UniqueName("app"), _stateDir), topology))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= sent && SinkTotals.Edge(sink, "checkout", "fulfillment") >= traces, TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(traces * SyntheticTraceDefaults.SpansPerTrace, sent);
        Assert.Equal(sent, SinkTotals.Total(sink, SinkTotals.Calls));
        Assert.Equal(traces, SinkTotals.Edge(sink, "frontend", "checkout"));
        Assert.Equal(traces, SinkTotals.Edge(sink, "checkout", "payments"));
        Assert.Equal(traces, SinkTotals.Edge(sink, "checkout", "inventory"));
        Assert.Equal(traces, SinkTotals.Edge(sink, "checkout", "fulfillment"));
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
