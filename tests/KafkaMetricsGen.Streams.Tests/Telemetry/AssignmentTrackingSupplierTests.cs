using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
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
}
