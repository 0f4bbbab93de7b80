using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Guarantees;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Aggregate;

/// <summary>
/// The overflow writer keeps its state like the aggregate stage: a worker stopped while a tenant is over its limit and
/// started again, from its state directory or from the changelogs alone, continues the one overflow series without
/// resetting it or counting anything twice.
/// </summary>
[Collection(KafkaLimitsCollection.Name)]
public sealed class OverflowProcessorTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private const int Limit = 3;
    private readonly List<string> _dirs = [];

    [Theory]
    [InlineData(KafkaWorkerDefaults.ExactlyOnce, false)]
    [InlineData(KafkaWorkerDefaults.ExactlyOnce, true)]
    [InlineData(KafkaWorkerDefaults.AtLeastOnce, false)]
    public async Task A_restarted_worker_continues_the_overflow_series_without_resetting_or_double_counting(string guarantee, bool freshStateDir)
    {
        var topic = kafka.CreateUniqueTopic("overflow-restart", Partitions);
        var app = KafkaFixture.UniqueName("app");
        var sink = new LatestValuesSink();
        var fast = WorkerHarness.FastConfig();
        fast.Registry.MaxActiveSeries = Limit;
        var config = new TenantPipelineConfig { Registry = fast.Registry, SpanMetrics = fast.SpanMetrics, SpanMetricsSubprocessors = SpanMetricsSubprocessor.Count };
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, config, sink);
        const int first = 30;
        const int second = 60;
        Produce(topic, first, tracesPerSecond: 0);

        // The second batch trickles in while the first worker runs and is stopped part-way through it.
        var trickle = Task.Run(() => Produce(topic, second, tracesPerSecond: 10));
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, app, NewDir(), guarantee), topology))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => Overflow(sink).Sum(s => s.Value) > 0 && SinkTotals.Total(sink, SinkTotals.Calls) >= first * SyntheticTraceDefaults.SpansPerTrace, TimeSpan.FromSeconds(60)));
        }

        var atStop = SinkTotals.Total(sink, SinkTotals.Calls);
        var overflowAtStop = Overflow(sink).Sum(s => s.Value);
        const int expected = (first + second) * SyntheticTraceDefaults.SpansPerTrace;
        await using (await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, app, freshStateDir ? NewDir() : _dirs[0], guarantee), topology))
        {
            await trickle;
            Assert.True(
                await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= expected, TimeSpan.FromSeconds(60)),
                $"calls={SinkTotals.Total(sink, SinkTotals.Calls)} expected={expected}");

            // Further windows closing must not add anything.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        Assert.True(atStop < expected, "the first worker should stop before the input ended");
        Assert.Equal(expected, SinkTotals.Total(sink, SinkTotals.Calls));
        var overflow = Assert.Single(Overflow(sink));
        Assert.True(overflow.Value >= overflowAtStop && overflow.Value > 0, $"overflow {overflow.Value}, at stop {overflowAtStop}");
        Assert.InRange(Calls(sink).Count(s => s.Label(RegistryLabels.MetricOverflow) is null), 1, Limit);
    }

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            WorkerHarness.DeleteQuietly(dir);
        }
    }

    private static IEnumerable<LatestSample> Calls(LatestValuesSink sink) =>
        sink.Tenants.SelectMany(sink.Samples).Where(s => s.Metric == SinkTotals.Calls);

    private static IEnumerable<LatestSample> Overflow(LatestValuesSink sink) =>
        Calls(sink).Where(s => s.Label(RegistryLabels.MetricOverflow) == RegistryLabels.True);

    private string NewDir()
    {
        var dir = Directory.CreateTempSubdirectory("kmg-overflow-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    private void Produce(string topic, int traces, double tracesPerSecond) =>
        WorkerHarness.ProduceTraces(kafka, topic, traces, tracesPerSecond: tracesPerSecond);
}
