using System.Collections.Concurrent;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;

namespace KafkaMetricsGen.Streams.Commit;

public sealed class ProducerConnectionWarmupTests
{
    // librdkafka's line when init_transactions finds no connected broker and has to wait for one (or for its 500 ms
    // coordinator timer) before it can look for the transaction coordinator.
    private const string NoBroker = "No brokers available for Transactions";

    // Producers of each kind, built alternately on one broker.
    private const int Producers = 6;

    [Fact]
    public async Task A_warmed_producer_finds_a_broker_when_it_initialises_transactions()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });

        // Without the requests the producer has usually not connected when its transactions start (as in Streamiz's
        // assignment): its bootstrap connection is still coming up, or already dropped once the cluster's brokers were
        // known. A busy host now and then lets a cold one start in the instant the bootstrap connection is up, so the
        // cold ones only show that the setting provokes the wait. A warmed one has one of the cluster's brokers
        // connected, every time.
        var cold = 0;
        var warmed = 0;
        for (var i = 0; i < Producers; i++)
        {
            cold += await InitialisesWithoutBrokerAsync(broker, "cold-" + i, warm: false) ? 1 : 0;
            warmed += await InitialisesWithoutBrokerAsync(broker, "warmed-" + i, warm: true) ? 1 : 0;
        }

        var counts = $"producers that found no broker: {warmed} of {Producers} warmed, {cold} of {Producers} cold";
        Assert.True(cold > 0, counts);
        Assert.True(warmed == 0, counts);
    }

    [Fact]
    public async Task A_broker_that_does_not_answer_leaves_the_producer_as_it_was()
    {
        var config = new ProducerConfig { BootstrapServers = "127.0.0.1:1", TransactionalId = "nobody" };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();

        await ProducerConnectionWarmup.Start(producer, TimeSpan.FromMilliseconds(200));

        Assert.Equal(0, producer.Flush(TimeSpan.Zero));
    }

    /// <summary>Initialises the transactions of a new producer, warmed first or not; true when librdkafka logged <see cref="NoBroker"/>.</summary>
    private static async Task<bool> InitialisesWithoutBrokerAsync(EmbeddedKafkaBroker broker, string transactionalId, bool warm)
    {
        var log = new ConcurrentQueue<string>();
        var config = new ProducerConfig { BootstrapServers = broker.BootstrapServers, TransactionalId = transactionalId, Debug = "eos" };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, message) => log.Enqueue(message.Message)).Build();
        if (warm)
        {
            await ProducerConnectionWarmup.Start(producer, CommitDefaults.ProducerWarmupTimeout);
        }

        producer.InitTransactions(TimeSpan.FromSeconds(10));
        return log.Any(line => line.Contains(NoBroker, StringComparison.Ordinal));
    }
}
