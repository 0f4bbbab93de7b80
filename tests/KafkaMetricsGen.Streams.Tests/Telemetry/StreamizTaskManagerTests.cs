using Confluent.Kafka;
using Streamiz.Kafka.Net.Kafka;

namespace KafkaMetricsGen.Streams.Telemetry
{
    /// <summary>
    /// A Streamiz whose internals moved must fail the consumer's creation, naming what is missing and why the worker
    /// needs it, not run a thread that can be stranded. Stand-ins carry the full name of Streamiz's listener.
    /// </summary>
    public sealed class StreamizTaskManagerTests
    {
        [Fact]
        public void A_listener_without_a_task_manager_is_refused_naming_the_field()
        {
            var listener = new Streamiz.Kafka.Net.Kafka.Internal.StreamsRebalanceListener(manager: null);

            var error = Assert.Throws<InvalidOperationException>(() => RebalanceMark.Of(listener));

            Assert.Contains("has no manager in this Streamiz version", error.Message, StringComparison.Ordinal);
            Assert.Contains("update RebalanceMark", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_task_manager_without_the_rebalance_mark_is_refused_naming_it()
        {
            var listener = new Streamiz.Kafka.Net.Kafka.Internal.StreamsRebalanceListener(new object());

            var error = Assert.Throws<InvalidOperationException>(() => RebalanceMark.Of(listener));

            Assert.Contains("manager.RebalanceInProgress", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_task_manager_without_its_tasks_is_refused_naming_them()
        {
            var listener = new Streamiz.Kafka.Net.Kafka.Internal.StreamsRebalanceListener(new object());

            var error = Assert.Throws<InvalidOperationException>(() => RevokedTasks.Of(listener));

            Assert.Contains("manager.ActiveTaskFor", error.Message, StringComparison.Ordinal);
            Assert.Contains("update RevokedTasks", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Another_listener_has_no_task_manager_and_nothing_to_close()
        {
            var listener = new OtherListener();

            Assert.Null(StreamizTaskManager.Of(listener, "unused"));
            var tasks = RevokedTasks.Of(listener);
            Assert.Empty(tasks.Take([new TopicPartition("t", 0)]));
            RebalanceMark.Of(listener).Clear();
        }

        private sealed class OtherListener : IConsumerRebalanceListener
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
}

namespace Streamiz.Kafka.Net.Kafka.Internal
{
    /// <summary>Carries the full name of Streamiz's listener, with whatever manager a test gives it.</summary>
    internal sealed class StreamsRebalanceListener(object? manager) : IConsumerRebalanceListener
    {
        // Read by reflection, as in Streamiz's own listener.
        private readonly object? manager = manager;

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
