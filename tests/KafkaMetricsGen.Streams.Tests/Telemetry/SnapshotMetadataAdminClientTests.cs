using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;
using Microsoft.Extensions.Time.Testing;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Table;

namespace KafkaMetricsGen.Streams.Telemetry;

public sealed class SnapshotMetadataAdminClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Topic_requests_share_one_cluster_answer_and_a_topic_it_lacks_is_asked_of_the_cluster()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("snapshot-eight", 8);
        broker.CreateTopic("snapshot-two", 2);
        var clock = new FakeTimeProvider();
        using var admin = SnapshotMetadataAdminClient.Wrap(new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build(), clock);
        var proxy = (SnapshotMetadataAdminClient)(object)admin;

        // The first topic request fetches the whole cluster once; the next ones are answered from it.
        Assert.Equal(8, Assert.Single(admin.GetMetadata("snapshot-eight", Timeout).Topics).Partitions.Count);
        Assert.Equal(2, Assert.Single(admin.GetMetadata("snapshot-two", Timeout).Topics).Partitions.Count);
        Assert.Equal(2, proxy.Served);

        // A topic created after the answer is not in it: the cluster is asked, so it is never reported missing wrongly.
        broker.CreateTopic("snapshot-late", 3);
        Assert.Equal(3, Assert.Single(admin.GetMetadata("snapshot-late", Timeout).Topics).Partitions.Count);
        Assert.Equal(2, proxy.Served);

        // A cluster-wide request goes to the cluster and renews the answer, which then holds the new topic.
        Assert.Contains(admin.GetMetadata(Timeout).Topics, t => t.Topic == "snapshot-late");
        Assert.Equal(3, Assert.Single(admin.GetMetadata("snapshot-late", Timeout).Topics).Partitions.Count);
        Assert.Equal(3, proxy.Served);
    }

    [Fact]
    public void An_answer_older_than_the_maximum_age_is_renewed_before_it_serves()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("aged", 4);
        var clock = new FakeTimeProvider();
        using var admin = SnapshotMetadataAdminClient.Wrap(new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build(), clock);
        var proxy = (SnapshotMetadataAdminClient)(object)admin;
        Assert.Equal(4, Assert.Single(admin.GetMetadata("aged", Timeout).Topics).Partitions.Count);
        broker.CreateTopic("aged-new", 2);

        // Still young: a known topic is served from it.
        clock.Advance(SnapshotMetadataAdminClient.MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.Equal(4, Assert.Single(admin.GetMetadata("aged", Timeout).Topics).Partitions.Count);
        Assert.Equal(2, proxy.Served);

        // Too old: the next topic request renews it first, so the answer now knows the topic created since.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(4, Assert.Single(admin.GetMetadata("aged", Timeout).Topics).Partitions.Count);
        Assert.Equal(2, Assert.Single(admin.GetMetadata("aged-new", Timeout).Topics).Partitions.Count);
        Assert.Equal(4, proxy.Served);
    }

    [Fact]
    public async Task Every_other_call_reaches_the_wrapped_client()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        using var admin = SnapshotMetadataAdminClient.Wrap(new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers, ClientId = "snapshot-wrapped" }).Build());

        Assert.StartsWith("snapshot-wrapped", admin.Name, StringComparison.Ordinal);
        await admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = "snapshot-created", NumPartitions = 5, ReplicationFactor = 1 }]);
        Assert.Equal(5, Assert.Single(admin.GetMetadata("snapshot-created", Timeout).Topics).Partitions.Count);
    }

    [Fact]
    public void Disposing_returns_at_once_and_tears_the_client_down_aside()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        var inner = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var admin = SnapshotMetadataAdminClient.Wrap(inner);
        Assert.NotEmpty(admin.GetMetadata(Timeout).Brokers);

        admin.Dispose();
        var teardown = ((SnapshotMetadataAdminClient)(object)admin).Teardown;

        Assert.NotNull(teardown);
        Assert.True(teardown.Join(TimeSpan.FromSeconds(30)));
        Assert.Throws<ObjectDisposedException>(() => inner.GetMetadata(Timeout));
    }

    [Fact]
    public async Task A_stream_checks_its_internal_topics_through_it_when_it_starts()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("start-check-in", 2);
        var builder = new StreamBuilder();
        builder.Stream<string, string>("start-check-in").GroupByKey().Count(Materialized<string, long, IKeyValueStore<Bytes, byte[]>>.Create("start-check-counts"));
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = "start-check-" + Guid.NewGuid().ToString("N")[..6],
            BootstrapServers = broker.BootstrapServers,
            StateDir = Path.Combine(Path.GetTempPath(), "start-check-" + Guid.NewGuid().ToString("N")),
        };
        var supplier = new RecordingSupplier(new AssignmentTrackingSupplier(config, ["start-check-in"], new WorkerStatus()));
        var stream = new KafkaStream(builder.Build(), config, supplier);
        try
        {
            await stream.StartAsync();

            // The start check asked for its changelog and the source topic, from one cluster-wide answer, and tore down aside.
            var check = Assert.Single(supplier.Admins.OfType<SnapshotMetadataAdminClient>());
            Assert.True(check.Served > 0);
            Assert.NotNull(check.Teardown);
        }
        finally
        {
            stream.Dispose();
        }
    }

    private sealed class RecordingSupplier(AssignmentTrackingSupplier inner) : IKafkaSupplier
    {
        public List<object> Admins { get; } = [];

        public StreamMetricsRegistry MetricsRegistry
        {
            get => inner.MetricsRegistry;
            set => inner.MetricsRegistry = value;
        }

        public IAdminClient GetAdmin(AdminClientConfig config)
        {
            var admin = inner.GetAdmin(config);
            lock (Admins)
            {
                Admins.Add(admin);
            }

            return admin;
        }

        public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener rebalanceListener) => inner.GetConsumer(config, rebalanceListener);

        public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) => inner.GetGlobalConsumer(config);

        public IProducer<byte[], byte[]> GetProducer(ProducerConfig config) => inner.GetProducer(config);

        public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => inner.GetRestoreConsumer(config);
    }
}
