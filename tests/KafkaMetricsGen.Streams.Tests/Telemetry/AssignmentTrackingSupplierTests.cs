using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Ingest;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Stream;

namespace KafkaMetricsGen.Streams.Telemetry;

public sealed class AssignmentTrackingSupplierTests
{
    /// <summary>
    /// Streamiz closes every task of a thread as a zombie and replaces the thread's producer on a TaskMigratedException
    /// (its answer to a fenced producer) and when the inner handler lets the thread ride out an error; the second
    /// happens here, through the same close. The replacement must mark the exactly-once local state for deletion, as a
    /// producer fenced before it began a transaction aborts nothing.
    /// </summary>
    [Fact]
    public async Task A_thread_whose_tasks_closed_as_zombies_replaces_its_producer_and_marks_the_local_state_for_deletion()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("zombie-in", 1);
        broker.CreateTopic("zombie-out", 1);
        var dir = Directory.CreateTempSubdirectory("kmg-zombie-").FullName;
        var thrown = 0;
        var builder = new StreamBuilder();
        builder.Stream<string, string>("zombie-in")
            .MapValues<string>((v, _) => v == "boom" && Interlocked.Exchange(ref thrown, 1) == 0 ? throw new InvalidOperationException("boom") : v)
            .To("zombie-out");
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = "zombie-" + Guid.NewGuid().ToString("N")[..6],
            BootstrapServers = broker.BootstrapServers,
            StateDir = dir,
            Guarantee = ProcessingGuarantee.EXACTLY_ONCE,
            CommitIntervalMs = 200,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            InnerExceptionHandler = _ => ExceptionHandlerResponse.CONTINUE,
            Logger = KafkaMetricsGen.TestKit.Kafka.WorkerHarness.Loggers(),
        };
        var state = new StreamLocalState(dir, config.ApplicationId, exactlyOnce: true, NullLogger.Instance);
        var replaced = 0;
        var hooks = new RebalanceHooks(null, null, ProducerReplaced: () =>
        {
            Interlocked.Increment(ref replaced);
            state.MarkAborted();
        });
        using var stream = new KafkaStream(builder.Build(), config, new AssignmentTrackingSupplier(config, ["zombie-in"], new WorkerStatus(), hooks));
        try
        {
            await stream.StartAsync();
            using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();
            using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = broker.BootstrapServers,
                GroupId = "zombie-check",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                IsolationLevel = IsolationLevel.ReadCommitted,
            }).Build();
            consumer.Subscribe("zombie-out");

            await producer.ProduceAsync("zombie-in", new Message<string, string> { Key = "k", Value = "first" });
            Assert.Equal("first", consumer.Consume(TimeSpan.FromSeconds(60))?.Message.Value);
            Assert.Equal(0, Volatile.Read(ref replaced));

            // The error closes the tasks as zombies; the thread goes on with a new producer and processes the record again.
            await producer.ProduceAsync("zombie-in", new Message<string, string> { Key = "k", Value = "boom" });
            Assert.Equal("boom", consumer.Consume(TimeSpan.FromSeconds(60))?.Message.Value);
            Assert.Equal(1, Volatile.Read(ref replaced));
            Directory.CreateDirectory(state.Directory);
            state.BeforeAssignment();
            Assert.False(Directory.Exists(state.Directory), "the replaced producer must mark the exactly-once local state for deletion");
        }
        finally
        {
            stream.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The consumer the worker's stream threads get is the wrapped one, and it knows the application's spans-by-trace
    /// topic: a frame read after a processed one of the same length lands in the processed one's array.
    /// </summary>
    [Fact]
    public void The_main_consumer_reads_spans_by_trace_frames_into_the_arrays_of_processed_ones()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = "reuse-" + Guid.NewGuid().ToString("N")[..6],
            BootstrapServers = broker.BootstrapServers,
        };
        var hop = StreamsNames.RepartitionTopic(config.ApplicationId, StreamsNames.SpansByTrace);
        broker.CreateTopic(hop, 1);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            producer.Produce(hop, new Message<byte[], byte[]> { Value = Enumerable.Repeat((byte)1, 20_000).ToArray() });
            producer.Produce(hop, new Message<byte[], byte[]> { Value = Enumerable.Repeat((byte)2, 20_000).ToArray() });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        var supplier = new AssignmentTrackingSupplier(config, [hop], new WorkerStatus());
        using var consumer = supplier.GetConsumer(
            new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = config.ApplicationId, AutoOffsetReset = AutoOffsetReset.Earliest },
            new NoRebalanceListener());
        consumer.Assign(new TopicPartitionOffset(hop, 0, Offset.Beginning));

        Assert.IsType<StreamThreadConsumer>(consumer);
        var first = Next(consumer);
        StreamThreadConsumer.Processed(first);
        var second = Next(consumer);

        Assert.Same(first, second);
        Assert.All(second, b => Assert.Equal(2, b));
    }

    private static byte[] Next(IConsumer<byte[], byte[]> consumer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record)
            {
                return record.Message.Value;
            }
        }

        throw new TimeoutException("no record");
    }

    private sealed class NoRebalanceListener : IConsumerRebalanceListener
    {
        public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
        {
        }

        public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
        {
        }

        public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
        {
        }
    }
}
