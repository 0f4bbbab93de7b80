using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Table;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// A stream thread the group moved on without: its revocation's at-least-once commit fails, and Streamiz drops the
/// revoked tasks without closing them. The tasks' RocksDB stores must still be closed, or the thread can never open
/// them again when the partitions come back. Through the worker's supplier and the embedded broker, with a RocksDB
/// store in every task.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class RevokedTasksTests(KafkaFixture kafka) : IDisposable
{
    // Ample for the group to rebalance without the blocked thread (5 s with the 6 s session) and for the rejoins.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-revoked-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task A_thread_whose_revocation_fails_to_commit_closes_its_stores_and_processes_again()
    {
        var topic = kafka.CreateUniqueTopic("revoked", 2);
        var (failures, config) = WatchedStreamConfigs.Create<StringSerDes>(kafka.BootstrapServers, KafkaFixture.UniqueName("revoked"), _stateDir);
        var tasks = new Tasks();
        var builder = new StreamBuilder();
        var stream = builder.Stream<string, string>(topic);
        stream.Process(ProcessorBuilder.New<string, string>().Processor<BlockingProcessor>(tasks).Build());
        stream.GroupByKey().Count(RocksDb.As<string, long>("counts").WithLoggingDisabled());
        var status = new WorkerStatus();
        using var streams = new KafkaStream(builder.Build(), config, new AssignmentTrackingSupplier(config, [topic], status));
        await streams.StartAsync();
        await WaitFor(() => status.AssignedPartitions.Count == 2, tasks, failures);

        // The thread blocks inside a record, uncommitted, while another member joins: the group rebalances without it.
        await Produce(topic, Tasks.Block, partition: 0);
        await WaitFor(() => tasks.Blocked, tasks, failures);
        using (var other = new ConsumerBuilder<string, string>(kafka.ConsumerConfig(config.ApplicationId)).Build())
        {
            other.Subscribe(topic);
            var watch = Stopwatch.StartNew();
            while (other.Assignment.Count < 2 && watch.Elapsed < Patience)
            {
                other.Consume(TimeSpan.FromMilliseconds(200));
            }

            Assert.Equal(2, other.Assignment.Count);

            // Released, the thread revokes its tasks; their commit fails, and both tasks must be closed all the same.
            tasks.Release();
            await WaitFor(() => tasks.Closed == 2, tasks, failures);
            other.Close();
        }

        // The other member is gone: the thread takes both partitions back and opens their stores again.
        await WaitFor(() => status.AssignedPartitions.Count == 2, tasks, failures);
        await Produce(topic, "after-0", partition: 0);
        await Produce(topic, "after-1", partition: 1);
        await WaitFor(() => tasks.Seen.Contains("after-0") && tasks.Seen.Contains("after-1"), tasks, failures);
    }

    private async Task Produce(string topic, string value, int partition)
    {
        using var producer = new ProducerBuilder<string, string>(kafka.ProducerConfig()).Build();
        await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string, string> { Key = value, Value = value });
    }

    private static async Task WaitFor(Func<bool> condition, Tasks tasks, StreamFailures failures)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(
                watch.Elapsed < Patience,
                $"not within {Patience.TotalSeconds} s: opened {tasks.Opened}, closed {tasks.Closed}, seen [{string.Join(',', tasks.Seen)}], " +
                $"last failure: {failures.Describe() ?? "none"}");
            await Task.Delay(100);
        }
    }

    /// <summary>What the processors of one stream share: how many opened and closed, the values seen, the one block.</summary>
    private sealed class Tasks
    {
        public const string Block = "block";

        private readonly ManualResetEventSlim _released = new();
        private int _opened;
        private int _closed;
        private int _blocked;

        public ConcurrentBag<string> Seen { get; } = [];

        public int Opened => Volatile.Read(ref _opened);

        public int Closed => Volatile.Read(ref _closed);

        public bool Blocked => Volatile.Read(ref _blocked) == 1;

        public void Opens() => Interlocked.Increment(ref _opened);

        public void Closes() => Interlocked.Increment(ref _closed);

        /// <summary>Blocks the stream thread the first time it processes <see cref="Block"/>, until released.</summary>
        public void Process(string value)
        {
            Seen.Add(value);
            if (value == Block && Interlocked.Exchange(ref _blocked, 1) == 0)
            {
                _released.Wait(Patience);
            }
        }

        public void Release() => _released.Set();
    }

    /// <summary>Streamiz creates one per task from the arguments given to the builder (the template's is unused).</summary>
    private sealed class BlockingProcessor : IProcessor<string, string>
    {
        private readonly Tasks _tasks;
        private bool _closed;

        public BlockingProcessor()
            : this(new Tasks())
        {
        }

        public BlockingProcessor(Tasks tasks) => _tasks = tasks;

        public void Init(ProcessorContext<string, string> context) => _tasks.Opens();

        public void Process(Record<string, string> record) => _tasks.Process(record.Value);

        // Streamiz closes a processor when it suspends its task and again when it closes it; counted once.
        public void Close()
        {
            if (!_closed)
            {
                _closed = true;
                _tasks.Closes();
            }
        }
    }
}
