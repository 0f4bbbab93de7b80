using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Synthetic;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Guarantees;

[Collection(KafkaRestartCollection.Name)]
public sealed class RestartTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 2;
    private readonly List<string> _dirs = [];

    [Theory]
    [InlineData(KafkaWorkerDefaults.AtLeastOnce, false, false, false)]
    [InlineData(KafkaWorkerDefaults.AtLeastOnce, true, false, false)]
    [InlineData(KafkaWorkerDefaults.ExactlyOnce, false, false, false)]
    [InlineData(KafkaWorkerDefaults.ExactlyOnce, true, false, false)]
    [InlineData(KafkaWorkerDefaults.AtLeastOnce, false, true, false)]
    [InlineData(KafkaWorkerDefaults.ExactlyOnce, true, true, false)]
    [InlineData(KafkaWorkerDefaults.AtLeastOnce, true, false, true)]
    [InlineData(KafkaWorkerDefaults.ExactlyOnce, true, false, true)]
    public async Task A_worker_stopped_mid_stream_and_restarted_neither_resets_nor_double_counts(string guarantee, bool freshStateDir, bool tracePartitioned, bool storesOpenAtFirstUse)
    {
        var topic = kafka.CreateUniqueTopic("restart", Partitions);
        var app = KafkaFixture.UniqueName("app");
        var sink = new LatestValuesSink();
        // One trace per record: a trace-partitioned input hands each decoded record to the generate node of its task.
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto, tracePartitioned)], Partitions, WorkerHarness.FastConfig(), sink);
        const int first = 30;
        const int second = 60;
        Produce(topic, first, tracesPerSecond: 0);

        // The second batch trickles in while the first worker runs and is stopped part-way through it.
        var trickle = Task.Run(() => Produce(topic, second, tracesPerSecond: 10));

        // Each worker reads its process id (its transactional id under exactly-once) from its own state directory, as a
        // process of its own does: one restarted with a fresh directory gets another id and does not fence the first.
        await using (await WorkerHarness.StartAsync(kafka, Options(NewDir()), topology, ownProcessId: true))
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= first * SyntheticTraceDefaults.SpansPerTrace, TimeSpan.FromSeconds(60)));
        }

        // A stopped worker leaves no transaction open: a successor with another transactional id would not end it, and
        // read_committed readers of its partitions (the aggregate stage, a store's restore) would wait for the broker's
        // transaction timeout.
        Assert.Empty(OpenTransactions(app));
        var atStop = SinkTotals.Total(sink, SinkTotals.Calls);
        var stateDir = freshStateDir ? NewDir() : _dirs[0];
        const int expected = (first + second) * SyntheticTraceDefaults.SpansPerTrace;
        await using (await WorkerHarness.StartAsync(kafka, Options(stateDir), topology, ownProcessId: true))
        {
            await trickle;
            Assert.True(
                await WorkerHarness.WaitUntilAsync(() => SinkTotals.Total(sink, SinkTotals.Calls) >= expected && SinkTotals.Edge(sink, "checkout", "payments") >= first + second, TimeSpan.FromSeconds(60)),
                $"calls={SinkTotals.Total(sink, SinkTotals.Calls)} expected={expected} transactional offsets: {kafka.Broker?.TransactionalOffsets} open transactions in: {string.Join(", ", OpenTransactions(app))}");

            // Further windows closing must not add anything.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        Assert.Empty(OpenTransactions(app));
        Assert.True(atStop < expected, "the first worker should stop before the input ended");
        Assert.Equal(expected, SinkTotals.Total(sink, SinkTotals.Calls));
        Assert.Equal(first + second, SinkTotals.Edge(sink, "frontend", "checkout"));
        Assert.Equal(first + second, SinkTotals.Edge(sink, "checkout", "payments"));

        // Stores opened at their first use (a cold start, while RocksDB loads): the successor with a fresh state
        // directory restores its series stores from their changelogs through that open.
        KafkaWorkerOptions Options(string stateDir)
        {
            var options = WorkerHarness.Options(kafka, app, stateDir, guarantee);
            return !storesOpenAtFirstUse ? options : new KafkaWorkerOptions
            {
                BootstrapServers = options.BootstrapServers,
                ApplicationId = options.ApplicationId,
                StateDir = options.StateDir,
                ProcessingGuarantee = options.ProcessingGuarantee,
                SessionTimeoutMs = options.SessionTimeoutMs,
                CommitIntervalMs = options.CommitIntervalMs,
                StoresReady = new TaskCompletionSource().Task,
            };
        }
    }

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The application's partitions with records of an open transaction (none outside the embedded broker).</summary>
    private List<string> OpenTransactions(string app) =>
        kafka.Broker?.OpenTransactionPartitions.Where(p => p.StartsWith(app + "-", StringComparison.Ordinal)).ToList() ?? [];

    private string NewDir()
    {
        var dir = Directory.CreateTempSubdirectory("kmg-state-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    private void Produce(string topic, int traces, double tracesPerSecond) =>
        WorkerHarness.ProduceTraces(kafka, topic, traces, tracesPerSecond: tracesPerSecond);
}
