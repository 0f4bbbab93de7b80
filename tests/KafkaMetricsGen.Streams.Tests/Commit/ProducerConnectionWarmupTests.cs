using System.Collections.Concurrent;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;

namespace KafkaMetricsGen.Streams.Commit;

public sealed class ProducerConnectionWarmupTests
{
    // librdkafka's line when init_transactions finds no connected broker and has to wait for one (or for its 500 ms
    // coordinator timer) before it can look for the transaction coordinator.
    private const string NoBroker = "No brokers available for Transactions";

    // Fresh producers tried without the request until one logs NoBroker.
    private const int ColdAttempts = 5;

    [Fact]
    public async Task A_warmed_producer_has_a_broker_connected_when_it_initialises_transactions()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });

        // Without the request, the producer has usually never connected when the transactions start (as in Streamiz's
        // assignment). Now and then a busy machine lets the connection come up first, so a few fresh producers are
        // tried until one shows it.
        var coldLogs = new List<ConcurrentQueue<string>>();
        for (var attempt = 0; attempt < ColdAttempts && !coldLogs.Any(HasNoBroker); attempt++)
        {
            var (cold, coldLog) = Build(broker, "cold-" + attempt);
            using (cold)
            {
                cold.InitTransactions(TimeSpan.FromSeconds(10));
            }

            coldLogs.Add(coldLog);
        }

        var (warmed, warmedLog) = Build(broker, "warmed");
        using (warmed)
        {
            await ProducerConnectionWarmup.Start(warmed, CommitDefaults.ProducerWarmupTimeout);
            warmed.InitTransactions(TimeSpan.FromSeconds(10));
        }

        // With the request, a broker is up and the coordinator is looked for at once.
        Assert.Contains(coldLogs, HasNoBroker);
        Assert.False(HasNoBroker(warmedLog), string.Join(Environment.NewLine, warmedLog));
    }

    [Fact]
    public async Task A_broker_that_does_not_answer_leaves_the_producer_as_it_was()
    {
        var config = new ProducerConfig { BootstrapServers = "127.0.0.1:1", TransactionalId = "nobody" };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();

        await ProducerConnectionWarmup.Start(producer, TimeSpan.FromMilliseconds(200));

        Assert.Equal(0, producer.Flush(TimeSpan.Zero));
    }

    private static bool HasNoBroker(ConcurrentQueue<string> log) => log.Any(line => line.Contains(NoBroker, StringComparison.Ordinal));

    private static (IProducer<byte[], byte[]> Producer, ConcurrentQueue<string> Log) Build(EmbeddedKafkaBroker broker, string id)
    {
        var log = new ConcurrentQueue<string>();
        var config = new ProducerConfig { BootstrapServers = broker.BootstrapServers, TransactionalId = id, Debug = "eos" };
        var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, message) => log.Enqueue(message.Message)).Build();
        return (producer, log);
    }
}
