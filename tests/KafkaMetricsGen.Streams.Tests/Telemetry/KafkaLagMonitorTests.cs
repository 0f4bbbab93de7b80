using Confluent.Kafka;
using KafkaMetricsGen.TestKit.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Streams.Telemetry;

[Collection(KafkaCollection.Name)]
public sealed class KafkaLagMonitorTests(KafkaFixture kafka)
{
    [Fact]
    public void Lag_is_the_uncommitted_records_per_partition_and_the_age_of_the_oldest()
    {
        var topic = kafka.CreateUniqueTopic("lag", 2);
        var group = KafkaFixture.UniqueName("lag-group");
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            var old = new Timestamp(DateTimeOffset.UtcNow.AddMinutes(-2));
            for (var i = 0; i < 5; i++)
            {
                producer.Produce(new TopicPartition(topic, 0), new Message<byte[], byte[]> { Value = [1], Timestamp = old });
                producer.Produce(new TopicPartition(topic, 1), new Message<byte[], byte[]> { Value = [2] });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var status = new WorkerStatus();
        var monitor = new KafkaLagMonitor(kafka.BootstrapServers, new Dictionary<string, string>(), group, [topic], status, NullLogger.Instance);
        var before = monitor.Measure();
        Assert.Equal([5L, 5L], before.OrderBy(l => l.Partition).Select(l => l.Records));
        Assert.InRange(before.Single(l => l.Partition == 0).Seconds, 110, 600);

        using (var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(group)).Build())
        {
            consumer.Commit([new TopicPartitionOffset(topic, 0, 5), new TopicPartitionOffset(topic, 1, 3)]);
        }

        var after = monitor.Measure();
        var p0 = after.Single(l => l.Partition == 0);
        var p1 = after.Single(l => l.Partition == 1);
        Assert.Equal((0L, 0.0), (p0.Records, p0.Seconds));
        Assert.Equal(2, p1.Records);
        Assert.InRange(p1.Seconds, 0, 120);
        Assert.Equal(after, status.Lag);
        Assert.Equal(2, TelemetryMetrics.PartitionLag.WithLabels(group, topic, "1").Value);
        Assert.Equal(0, TelemetryMetrics.PartitionLagSeconds.WithLabels(group, topic, "0").Value);
    }

    [Fact]
    public void Settings_of_kafka_client_config_that_its_clients_ignore_are_not_warned_about_at_every_measurement()
    {
        var topic = kafka.CreateUniqueTopic("lag-quiet", 1);
        var logger = new CapturingLogger();
        var clientConfig = new Dictionary<string, string> { ["transaction.timeout.ms"] = "300000", ["session.timeout.ms"] = "10000" };
        var monitor = new KafkaLagMonitor(kafka.BootstrapServers, clientConfig, KafkaFixture.UniqueName("lag-quiet"), [topic], new WorkerStatus(), logger);

        monitor.Measure();
        monitor.Measure();

        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Debug && l.Text.Contains("transaction.timeout.ms", StringComparison.Ordinal));
    }
}
