using System.Runtime.CompilerServices;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Guarantees;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Commit;

[Collection(KafkaCollection.Name)]
public sealed class IdleCommitTriggerTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-state-").FullName;

    [Fact]
    public void Finds_the_streamiz_members_it_reads()
    {
        RuntimeHelpers.RunClassConstructor(typeof(IdleCommitTrigger).TypeHandle);
    }

    [Fact]
    public async Task Under_exactly_once_an_idle_worker_commits_its_hops_before_the_commit_interval_ends()
    {
        var topic = kafka.CreateUniqueTopic("idle-commit", Partitions);
        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, WorkerHarness.FastConfig(), sink);

        // Two minutes: every hop's records would stay invisible to the next stage for the whole wait below.
        var options = new KafkaWorkerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            ApplicationId = KafkaFixture.UniqueName("app"),
            StateDir = _stateDir,
            ProcessingGuarantee = KafkaWorkerDefaults.ExactlyOnce,
            SessionTimeoutMs = KafkaTestDefaults.SessionTimeoutMs,
            CommitIntervalMs = 120_000,
        };
        const int traces = 20;
        const int expected = traces * SyntheticTraceDefaults.SpansPerTrace;
        WorkerHarness.ProduceTraces(kafka, topic, traces);
        await using (await WorkerHarness.StartAsync(kafka, options, topology))
        {
            Assert.True(
                await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= expected && SinkTotals.Edge(sink, "checkout", "payments") >= traces, TimeSpan.FromSeconds(60)),
                $"calls={SinkTotals.Total(sink, SinkTotals.Calls)} expected={expected}");

            // Further idle commits must not add anything.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(expected, SinkTotals.Total(sink, SinkTotals.Calls));
        Assert.Equal(traces, SinkTotals.Edge(sink, "frontend", "checkout"));
    }

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);
}
