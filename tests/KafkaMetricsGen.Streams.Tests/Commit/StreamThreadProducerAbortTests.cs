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
