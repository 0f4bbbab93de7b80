using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;

namespace KafkaMetricsGen.Streams.Pipeline;

[Collection(KafkaCollection.Name)]
public sealed class PersistentStoresTests(KafkaFixture kafka) : IDisposable
{
    private const int Partitions = 4;
    private const int Traces = 20;

    // Far longer than the stop takes when nothing holds it (a few seconds here, under load).
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(20);

    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-gated-stores-").FullName;

    public void Dispose() => WorkerHarness.DeleteQuietly(_stateDir);

    /// <summary>
    /// Streamiz's RocksDB gauges read the database's properties when their value is asked for, and the metrics reporter
    /// asks on pool threads: a read of a database being closed crashed the process in librocksdb. The test plays a
    /// reader in the middle of a read by holding <see cref="PersistentStores.NativeGate"/>: the worker's own metrics
    /// report waits for it, and so does the stop, whose tasks close their series stores, until the reader is done.
    /// </summary>
    [Fact]
    public async Task Stores_do_not_close_while_a_reader_reads_their_gauges()
    {
        var topic = kafka.CreateUniqueTopic("gauges", Partitions);
        var app = KafkaFixture.UniqueName("app");
        var sink = new LatestValuesSink();
        var topology = WorkerHarness.Topology([new InputTopic(topic, Codecs.OtlpProto)], Partitions, WorkerHarness.FastConfig(), sink);
        WorkerHarness.ProduceTraces(kafka, topic, Traces);
        var worker = await WorkerHarness.StartAsync(kafka, WorkerHarness.Options(kafka, app, _stateDir), topology);
        Task<bool>? stop = null;
        using var release = new SemaphoreSlim(0);
        using var holding = new SemaphoreSlim(0);
        var reader = Task.CompletedTask;
        try
        {
            Assert.True(await WorkerHarness.WaitUntilAsync(() => sink.WindowsWritten > 0 && worker.StreamMetrics.LastReport is not null, TimeSpan.FromSeconds(60)));
            reader = Task.Factory.StartNew(
                () =>
                {
                    lock (PersistentStores.NativeGate)
                    {
                        holding.Release();
                        release.Wait();
                    }
                },
                TaskCreationOptions.LongRunning);
            await holding.WaitAsync();
            var report = Task.Factory.StartNew(worker.ReportStreamMetrics, TaskCreationOptions.LongRunning);
            stop = worker.StopAsync(TimeSpan.FromSeconds(120));

            Assert.False(await Completes(report, TimeSpan.FromSeconds(2)), "the metrics report read the stores' gauges while a reader held them");
            Assert.False(await Completes(stop, Held), "the stream closed its stores while a reader read their gauges");

            release.Release();
            await reader;
            await report;
            Assert.True(await stop);
        }
        finally
        {
            if (release.CurrentCount == 0 && !reader.IsCompleted)
            {
                release.Release();
            }

            await reader;
            if (stop is null)
            {
                await worker.StopAsync(TimeSpan.FromSeconds(120));
            }
            else
            {
                await stop;
            }
        }
    }

    private static async Task<bool> Completes(Task task, TimeSpan within) => await Task.WhenAny(task, Task.Delay(within)) == task;
}
