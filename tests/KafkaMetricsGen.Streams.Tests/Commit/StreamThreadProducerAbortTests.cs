using Confluent.Kafka;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Streams.Commit;

public sealed class StreamThreadProducerAbortTests
{
    [Fact]
    public void An_abort_marks_the_exactly_once_local_state_for_deletion_before_the_producer_aborts()
    {
        var dir = Directory.CreateTempSubdirectory("kmg-abort-").FullName;
        try
        {
            var state = new StreamLocalState(dir, "app", exactlyOnce: true, NullLogger.Instance);
            Directory.CreateDirectory(state.Directory);
            using var inner = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = "127.0.0.1:1" }).Build();
            using var producer = new StreamThreadProducer(inner, state.MarkAborted);

            // Not transactional: librdkafka refuses the abort at once, after the hook ran.
            Assert.ThrowsAny<KafkaException>(() => producer.AbortTransaction(TimeSpan.FromSeconds(5)));
            state.BeforeAssignment();

            Assert.False(Directory.Exists(state.Directory), "the stores checkpointed with the aborted writes must restore from their changelogs");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Streamiz closes a thread's tasks after a failed commit by aborting; a fenced producer's abort fails with
    /// librdkafka's fatal _FENCED, which Streamiz does not swallow, and thrown there it ended the process.
    /// </summary>
    [Fact]
    public async Task A_fenced_producer_aborts_quietly_and_marks_the_local_state_for_deletion()
    {
        using var broker = Broker.EmbeddedKafkaBroker.Start();
        broker.CreateTopic("fenced-abort", 1);
        var marked = 0;
        using var producer = new StreamThreadProducer(Transactional(broker), () => Interlocked.Increment(ref marked));
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        producer.BeginTransaction();
        await producer.ProduceAsync("fenced-abort", new Message<byte[], byte[]> { Value = [1] });
        using (var usurper = Transactional(broker))
        {
            usurper.InitTransactions(TimeSpan.FromSeconds(30));
        }

        var commit = Assert.ThrowsAny<KafkaException>(() => producer.CommitTransaction(TimeSpan.FromSeconds(30)));
        Assert.True(StreamThreadProducer.IsFenced(commit.Error), commit.Error.ToString());

        producer.AbortTransaction(TimeSpan.FromSeconds(30));
        producer.AbortTransaction();
        Assert.Equal(2, marked);
    }

    private static IProducer<byte[], byte[]> Transactional(Broker.EmbeddedKafkaBroker broker) =>
        new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, TransactionalId = "fenced-abort" }).Build();

    [Fact]
    public void Under_at_least_once_an_abort_keeps_the_local_state()
    {
        var dir = Directory.CreateTempSubdirectory("kmg-abort-").FullName;
        try
        {
            var state = new StreamLocalState(dir, "app", exactlyOnce: false, NullLogger.Instance);
            Directory.CreateDirectory(state.Directory);

            state.MarkAborted();
            state.BeforeAssignment();

            Assert.True(Directory.Exists(state.Directory));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
