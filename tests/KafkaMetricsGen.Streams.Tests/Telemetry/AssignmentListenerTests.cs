using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Worker;
using KafkaMetricsGen.TestKit.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Telemetry;

/// <summary>
/// A stream thread whose rebalance callback fails must get back into its group and go on processing: Streamiz (1.8)
/// closes its tasks, unsubscribes and subscribes again after such an error, but left alone it never polls again (its
/// rebalance mark stays set, see <see cref="RebalanceMark"/>), so no rebalance can reach it. The failures are
/// transient Kafka errors thrown by a processor while its task opens or closes, answered CONTINUE by the worker's
/// <see cref="StreamFailures"/>, through the worker's supplier and the embedded broker.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class AssignmentListenerTests(KafkaFixture kafka) : IDisposable
{
    // Ample for a rejoin (a few seconds with the 6 s session); without the fix the thread never processes again.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // Commits soon after each record (Streamiz's at-least-once default is 30 s).
    private const long CommitIntervalMs = 100;

    private readonly string _stateDir = Directory.CreateTempSubdirectory("kmg-listener-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task A_thread_whose_new_tasks_fail_to_open_rejoins_its_group_and_processes()
    {
        var topic = kafka.CreateUniqueTopic("listener-open", 1);
        var processor = new Flaky(failOpens: 1, failCloses: 0);
        using var stream = Start(topic, processor, new WorkerStatus());
        await Produce(topic, "after-a-failed-open");

        await WaitFor(() => processor.Seen.Contains("after-a-failed-open"), processor, stream);

        Assert.True(processor.Opens >= 2, $"opens: {processor.Opens}");
        Assert.Contains("Unknown partition", stream.Failures.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thread_whose_revoked_task_fails_to_close_rejoins_its_group_and_processes()
    {
        var topic = kafka.CreateUniqueTopic("listener-close", 2);
        var processor = new Flaky(failOpens: 0, failCloses: 1);
        var status = new WorkerStatus();
        using var stream = Start(topic, processor, status);
        await Produce(topic, "before");
        await WaitFor(() => processor.Seen.Contains("before"), processor, stream);

        // Committed first, so that the revocation has nothing to commit and fails on the close alone: a thread that is
        // slow to rejoin is left out of the group, and then its commit fails first (RevokedTasksTests).
        using (var offsets = new ConsumerBuilder<string, string>(kafka.ConsumerConfig(stream.ApplicationId)).Build())
        {
            await WaitFor(() => offsets.Committed([new TopicPartition(topic, 0)], Patience)[0].Offset == 1, processor, stream);
        }

        // Another member joins: the thread's assignment is revoked, and closing its tasks fails once. The member then
        // leaves, and the thread must take every partition back.
        using (var other = new ConsumerBuilder<string, string>(kafka.ConsumerConfig(stream.ApplicationId)).Build())
        {
            other.Subscribe(topic);
            var watch = Stopwatch.StartNew();
            while (other.Assignment.Count == 0 && watch.Elapsed < Patience)
            {
                other.Consume(TimeSpan.FromMilliseconds(200));
            }

            Assert.NotEmpty(other.Assignment);
            await WaitFor(() => processor.Closes >= 1, processor, stream);
            other.Close();
        }

        await WaitFor(() => status.AssignedPartitions.Count == 2, processor, stream);
        await Produce(topic, "after-a-failed-close-0", partition: 0);
        await Produce(topic, "after-a-failed-close-1", partition: 1);

        await WaitFor(() => processor.Seen.Contains("after-a-failed-close-0") && processor.Seen.Contains("after-a-failed-close-1"), processor, stream);
        Assert.Contains("All broker connections are down", stream.Failures.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_task_that_cannot_be_closed_at_all_is_reported()
    {
        var topic = kafka.CreateUniqueTopic("listener-left-open", 2);
        var processor = new Flaky(failOpens: 0, failCloses: int.MaxValue);
        var leftOpen = new ConcurrentQueue<Exception>();
        var status = new WorkerStatus();
        using var stream = Start(topic, processor, status, new RebalanceHooks(null, null, RevokedTaskLeftOpen: leftOpen.Enqueue));
        await WaitFor(() => status.AssignedPartitions.Count == 2, processor, stream);

        using (var other = new ConsumerBuilder<string, string>(kafka.ConsumerConfig(stream.ApplicationId)).Build())
        {
            other.Subscribe(topic);
            var watch = Stopwatch.StartNew();
            while (leftOpen.IsEmpty && watch.Elapsed < Patience)
            {
                other.Consume(TimeSpan.FromMilliseconds(200));
            }

            other.Close();
        }

        // Each revoked task fails to suspend, so neither can be closed: both are reported with the processor's error.
        Assert.NotEmpty(leftOpen);
        Assert.All(leftOpen, e => Assert.Contains("All broker connections are down", e.Message, StringComparison.Ordinal));
    }

    private Running Start(string topic, Flaky processor, WorkerStatus status, RebalanceHooks? hooks = null)
    {
        var (failures, config) = WatchedStreamConfigs.Create<StringSerDes>(kafka.BootstrapServers, KafkaFixture.UniqueName("listener"), _stateDir);
        config.CommitIntervalMs = CommitIntervalMs;
        var builder = new StreamBuilder();
        builder.Stream<string, string>(topic).Process(ProcessorBuilder.New<string, string>().Processor<FlakyProcessor>(processor).Build());
        var stream = new KafkaStream(builder.Build(), config, new AssignmentTrackingSupplier(config, [topic], status, hooks));
        stream.StartAsync().GetAwaiter().GetResult();
        return new Running(stream, config.ApplicationId, failures);
    }

    private async Task Produce(string topic, string value, int partition = 0)
    {
        using var producer = new ProducerBuilder<string, string>(kafka.ProducerConfig()).Build();
        await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string, string> { Key = value, Value = value });
    }

    private static async Task WaitFor(Func<bool> condition, Flaky processor, Running stream)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(
                watch.Elapsed < Patience,
                $"the thread did not go on within {Patience.TotalSeconds} s: opens {processor.Opens}, closes {processor.Closes}, " +
                $"seen [{string.Join(',', processor.Seen)}], last failure: {stream.Failures.Describe() ?? "none"}");
            await Task.Delay(200);
        }
    }

    private sealed record Running(KafkaStream Stream, string ApplicationId, StreamFailures Failures) : IDisposable
    {
        public void Dispose() => Stream.Dispose();
    }

    /// <summary>What the processors of one stream share: how many opens and closes fail, and the values processed.</summary>
    private sealed class Flaky(int failOpens, int failCloses)
    {
        private int _opens;
        private int _closes;

        public ConcurrentBag<string> Seen { get; } = [];

        public int Opens => Volatile.Read(ref _opens);

        public int Closes => Volatile.Read(ref _closes);

        public void Open()
        {
            if (Interlocked.Increment(ref _opens) <= failOpens)
            {
                throw new KafkaException(ErrorCode.Local_UnknownPartition);
            }
        }

        public void Close()
        {
            if (Interlocked.Increment(ref _closes) <= failCloses)
            {
                throw new KafkaException(ErrorCode.Local_AllBrokersDown);
            }
        }
    }

    /// <summary>Streamiz creates one per task from the arguments given to the builder (the template's is unused).</summary>
    private sealed class FlakyProcessor : IProcessor<string, string>
    {
        private readonly Flaky _flaky;

        public FlakyProcessor()
            : this(new Flaky(0, 0))
        {
        }

        public FlakyProcessor(Flaky flaky) => _flaky = flaky;

        public void Init(ProcessorContext<string, string> context) => _flaky.Open();

        public void Process(Record<string, string> record) => _flaky.Seen.Add(record.Value);

        public void Close() => _flaky.Close();
    }
}
