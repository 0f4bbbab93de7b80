using System.Text;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.TestKit.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Mock;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;

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

    /// <summary>
    /// The driver creates the task, and initializes its stores, with the first input topic. A worker's first assignment
    /// initializes its stores while RocksDB is still being readied on a thread of its own:
    /// such a store waits for its first use to open, so the tasks can start processing before the library is loaded.
    /// Its database directory appears only then, and it holds what was written.
    /// </summary>
    [Fact]
    public void A_store_initialized_before_rocksdb_is_ready_opens_at_its_first_use()
    {
        var stores = new PersistentStores(new TaskCompletionSource().Task);
        using var driver = Driver(stores);
        var input = driver.CreateInputTopic<string, string>(In);

        Assert.Empty(StoreDirectories());
        Assert.True(stores.AnyOpen, "an initialized store counts as open before its first use");

        input.PipeInput("a", "1");
        input.PipeInput("b", "2");

        Assert.Single(StoreDirectories());
        Assert.Equal(["a=1", "b=2"], Contents(driver));
        Assert.Equal(1, stores.CloseOpen());
    }

    [Fact]
    public void A_store_initialized_once_rocksdb_is_ready_opens_at_once()
    {
        var stores = new PersistentStores(Task.CompletedTask);
        using var driver = Driver(stores);
        var input = driver.CreateInputTopic<string, string>(In);

        Assert.Single(StoreDirectories());

        input.PipeInput("a", "1");

        Assert.Equal(["a=1"], Contents(driver));
    }

    [Fact]
    public void A_store_closed_before_its_first_use_never_opens()
    {
        var stores = new PersistentStores(new TaskCompletionSource().Task);
        using (var driver = Driver(stores))
        {
            // A record that leaves the store alone: the task processes and commits it (its checkpoint goes to the
            // task's directory) with the store still waiting.
            driver.CreateInputTopic<string, string>(In).PipeInput(Skip, "x");
            Assert.True(stores.AnyOpen);
        }

        Assert.Empty(StoreDirectories());
        Assert.False(stores.AnyOpen);
    }

    private const string In = "in";
    private const string Store = "deferred";
    private const string Skip = "skip";

    private TopologyTestDriver Driver(PersistentStores stores)
    {
        var builder = new StreamBuilder();
        builder.Stream<string, string>(In)
            .Transform(
                TransformerBuilder.New<string, string, string, string>()
                    .Transformer<StoreWriter>()
                    .StateStore(new UnmeteredStoreBuilder<string, byte[]>(stores.RocksDb(Store), new StringSerDes(), new ByteArraySerDes()).WithLoggingEnabled(new Dictionary<string, string>()))
                    .Build())
            .To("out");
        return new TopologyTestDriver(builder.Build(), new StreamConfig<StringSerDes, StringSerDes> { ApplicationId = "deferred-open", StateDir = _stateDir });
    }

    private string[] StoreDirectories() => Directory.GetDirectories(_stateDir, Store, SearchOption.AllDirectories);

    private static List<string> Contents(TopologyTestDriver driver) =>
        [.. driver.GetKeyValueStore<string, byte[]>(Store).All().Select(kv => kv.Key + "=" + Encoding.UTF8.GetString(kv.Value)).Order(StringComparer.Ordinal)];

    private static async Task<bool> Completes(Task task, TimeSpan within) => await Task.WhenAny(task, Task.Delay(within)) == task;

    /// <summary>Writes each record to the store, but those keyed <see cref="Skip"/>.</summary>
    private sealed class StoreWriter : ITransformer<string, string, string, string>
    {
        private IKeyValueStore<string, byte[]>? _store;

        public void Init(ProcessorContext<string, string> context) => _store = (IKeyValueStore<string, byte[]>)context.GetStateStore(Store);

        public Record<string, string>? Process(Record<string, string> record)
        {
            if (record.Key != Skip)
            {
                _store!.Put(record.Key, Encoding.UTF8.GetBytes(record.Value));
            }

            return null;
        }

        public void Close()
        {
        }
    }
}
