using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Guarantees;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Generate;

[Collection(KafkaRestartCollection.Name)]
public sealed class EdgeStoreRestartTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private const int Traces = 10;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-state-").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_spans_before_a_restart_and_server_spans_after_it_form_complete_edges(bool freshStateDir)
    {
        var topic = kafka.CreateUniqueTopic("edges", Partitions);
        var app = KafkaFixture.UniqueName("app");
        var end = SpanRecords.NowUnixNano();
        var sink = new LatestValuesSink();

        // A long wait keeps the halves pending across the restart instead of expiring into virtual nodes.
        var config = WorkerHarness.FastConfig(serviceGraphs: sg => sg.Wait = TimeSpan.FromMinutes(2));
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, config, sink);
        var clients = SpanRecords.Produce(kafka, topic, Partitions, Traces, seed: 7, end, SpanRecords.Sides.ClientsOnly);

        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, app, _stateDir), topology))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= clients, TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(0, SinkTotals.Edge(sink, "frontend", "checkout"));
        SpanRecords.Produce(kafka, topic, Partitions, Traces, seed: 7, end, SpanRecords.Sides.ServersOnly);
        var stateDir = freshStateDir ? Directory.CreateTempSubdirectory("kmg-state-").FullName : _stateDir;
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, app, stateDir), topology))
        {
            var done = await WorkerHarness.WaitUntilAsync(
                () => SinkTotals.Total(sink, SinkTotals.Calls) >= Traces * SyntheticTraceDefaults.SpansPerTrace && SinkTotals.Edge(sink, "checkout", "payments") >= Traces,
                TimeSpan.FromSeconds(60));
            Assert.True(done, $"calls={SinkTotals.Total(sink, SinkTotals.Calls)} edges={SinkTotals.Edge(sink, "checkout", "payments")}");
        }

        Assert.Equal(Traces, SinkTotals.Edge(sink, "frontend", "checkout"));
        Assert.Equal(Traces, SinkTotals.Edge(sink, "checkout", "payments"));
        Assert.Equal(Traces, SinkTotals.Edge(sink, "inventory", "inventory-db"));
        Assert.Equal(0, SinkTotals.VirtualEdges(sink));
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
