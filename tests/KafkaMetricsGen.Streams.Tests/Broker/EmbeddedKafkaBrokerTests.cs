using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;

namespace KafkaMetricsGen.Streams.Broker;

public sealed class EmbeddedKafkaBrokerTests
{
    [Fact]
    public void The_mock_thread_blocks_SIGCONT_so_a_stopped_and_resumed_broker_keeps_serving()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // With the runtime's SIGCONT handler running on it, the mock thread's poll() could fail with EINTR after a
        // SIGSTOP/SIGCONT and the mock stopped serving for good (the fault suite's hang, seen twice).
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        const ulong sigCont = 1UL << (18 - 1);
        var mockThreads = Directory.GetDirectories("/proc/self/task").Select(MockThreadBlockedSignals).OfType<ulong>().ToList();

        Assert.NotEmpty(mockThreads);
        Assert.All(mockThreads, blocked => Assert.NotEqual(0UL, blocked & sigCont));
    }

    [Fact]
    public void Creates_topics_with_the_requested_partition_count_on_every_broker()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 3 });
        broker.CreateTopic("eight", 8);
        broker.CreateTopic("eight", 8);

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var metadata = admin.GetMetadata("eight", TimeSpan.FromSeconds(10));

        Assert.Equal(3, metadata.Brokers.Count);
        Assert.Equal(8, Assert.Single(metadata.Topics).Partitions.Count);
    }

    [Fact]
    public async Task Clients_that_connect_before_the_broker_accepts_them_wait_and_then_see_the_topics_it_created()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { AcceptClientsAtStart = false });
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();

        Assert.Throws<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(2)));
        var waiting = Task.Run(() => admin.GetMetadata("late", TimeSpan.FromSeconds(30)));
        broker.CreateTopic("late", 3);
        broker.AcceptClients();

        Assert.Equal(3, Assert.Single((await waiting).Topics).Partitions.Count);
    }

    [Fact]
    public void Serves_clients_on_a_fixed_port_through_the_advertised_address()
    {
        var port = FreePortPair();
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 2, Port = port });
        broker.CreateTopic("fixed", 2);

        Assert.Equal($"127.0.0.1:{port},127.0.0.1:{port + 1}", broker.BootstrapServers);

        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = $"127.0.0.1:{port}" }).Build())
        {
            producer.Produce(new TopicPartition("fixed", 0), new Message<Null, string> { Value = "a" });
            producer.Produce(new TopicPartition("fixed", 1), new Message<Null, string> { Value = "b" });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = $"127.0.0.1:{port}" }).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers;
        Assert.All(brokers, b => Assert.Equal(port + b.BrokerId - 1, b.Port));

        using var consumer = new ConsumerBuilder<Null, string>(new ConsumerConfig
        {
            BootstrapServers = $"127.0.0.1:{port}",
            GroupId = "fixed-port",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign([new TopicPartitionOffset("fixed", 0, 0), new TopicPartitionOffset("fixed", 1, 0)]);
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (values.Count < 2 && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is not null)
            {
                values.Add(r.Message.Value);
            }
        }

        Assert.Equal(["a", "b"], values.Order());
    }

    [Theory]
    [InlineData(0, 0, "broker.brokers")]
    [InlineData(1, 70000, "broker.port")]
    public void Rejects_options_out_of_range_naming_the_option(int brokers, int port, string key)
    {
        var e = Assert.Throws<ArgumentException>(() => new EmbeddedKafkaBrokerOptions { Brokers = brokers, Port = port }.Validate());
        Assert.StartsWith(key + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        var broker = EmbeddedKafkaBroker.Start();
        broker.Dispose();
        broker.Dispose();
        Assert.Throws<ObjectDisposedException>(() => broker.CreateTopic("late", 1));
    }

    private static int FreePortPair()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            if (port >= 65535)
            {
                continue;
            }

            try
            {
                var next = new TcpListener(IPAddress.Loopback, port + 1);
                next.Start();
                next.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another pair.
            }
        }

        throw new InvalidOperationException("No free pair of loopback ports.");
    }

    /// <summary>The blocked-signal mask of a librdkafka mock thread; null for another thread or one that ended meanwhile (other tests' brokers).</summary>
    private static ulong? MockThreadBlockedSignals(string task)
    {
        try
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != "rdk:mock")
            {
                return null;
            }

            var line = File.ReadAllLines(Path.Combine(task, "status")).Single(l => l.StartsWith("SigBlk:", StringComparison.Ordinal));
            return Convert.ToUInt64(line["SigBlk:".Length..].Trim(), 16);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
