using System.Diagnostics;
using Confluent.Kafka;

namespace KafkaMetricsGen.Commands;

public sealed class BrokerCommandTests
{
    [Fact]
    public async Task Runs_a_broker_that_prints_its_address_first_and_stops_cleanly_on_sigterm()
    {
        using var process = StartExe("broker", "--topic", "spans", "--topic", "other:3", "--partitions", "4");
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(first);
            Assert.StartsWith(BrokerCommand.BootstrapLinePrefix, first, StringComparison.Ordinal);
            var bootstrap = first[BrokerCommand.BootstrapLinePrefix.Length..];

            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
            {
                var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
                Assert.Equal(4, topics["spans"]);
                Assert.Equal(3, topics["other"]);
            }

            using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
            {
                await producer.ProduceAsync("spans", new Message<string, string> { Key = "k", Value = "hello" });
            }

            using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "broker-command",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                SessionTimeoutMs = 6000,
                HeartbeatIntervalMs = 1000,
            }).Build();
            consumer.Subscribe("spans");
            var record = consumer.Consume(TimeSpan.FromSeconds(20));
            Assert.NotNull(record);
            Assert.Equal("hello", record.Message.Value);
            consumer.Close();

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Prints_what_its_proxies_did_while_it_runs_and_at_exit()
    {
        using var process = StartExe("broker", "--topic", "in:1", "--topic", "out:1", "--statistics-interval", "1s");
        var lines = new List<string>();
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(first);
            var bootstrap = first[BrokerCommand.BootstrapLinePrefix.Length..];

            // One transaction committed, one aborted; a read_committed consumer in a group gets only the first
            // (its fetch rewritten), and its offset is committed inside a third transaction.
            using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, TransactionalId = "broker-statistics" }).Build();
            producer.InitTransactions(TimeSpan.FromSeconds(30));
            producer.BeginTransaction();
            await producer.ProduceAsync("in", new Message<string, string> { Key = "k", Value = "kept" });
            producer.CommitTransaction();
            producer.BeginTransaction();
            await producer.ProduceAsync("in", new Message<string, string> { Key = "k", Value = "dropped" });
            producer.AbortTransaction();

            using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "broker-statistics",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                IsolationLevel = IsolationLevel.ReadCommitted,
                EnableAutoCommit = false,
                SessionTimeoutMs = 6000,
                HeartbeatIntervalMs = 1000,
            }).Build();
            consumer.Subscribe("in");
            var record = consumer.Consume(TimeSpan.FromSeconds(20));
            Assert.NotNull(record);
            Assert.Equal("kept", record.Message.Value);
            Assert.Null(consumer.Consume(TimeSpan.FromSeconds(2)));

            producer.BeginTransaction();
            await producer.ProduceAsync("out", new Message<string, string> { Key = "k", Value = "copy" });
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(record.TopicPartition, record.Offset + 1)], consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));
            producer.CommitTransaction();

            // The figures as they change, then once more at exit.
            string? line;
            do
            {
                line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.NotNull(line);
                lines.Add(line);
            }
            while (!(line.StartsWith(BrokerCommand.StatisticsLinePrefix, StringComparison.Ordinal) && Figures(line) is var f
                && f["transactions_committed"] == 2 && f["offsets_committed"] == 1));

            var running = Figures(line);
            Assert.Equal(1, running["transactions_aborted"]);
            Assert.Equal(1, running["offsets_staged"]);
            Assert.Equal(0, running["offsets_failed"]);
            Assert.Equal(0, running["commits_turned_aborts"]);
            Assert.True(running["filtered_fetches"] >= 1, line);
            Assert.True(running["connections"] >= 3, line);

            consumer.Close();
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, process.ExitCode);
            var last = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
            Assert.StartsWith(BrokerCommand.ExitStatisticsLinePrefix, last, StringComparison.Ordinal);
            var atExit = Figures(last);
            Assert.Equal(2, atExit["transactions_committed"]);
            Assert.Equal(1, atExit["transactions_aborted"]);
            Assert.Equal(1, atExit["offsets_committed"]);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Rejects_a_statistics_interval_that_is_not_a_duration_with_exit_code_2()
    {
        using var process = StartExe("broker", "--statistics-interval", "often");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--statistics-interval", error, StringComparison.Ordinal);
    }

    /// <summary>The <c>name=number</c> figures of a statistics line.</summary>
    private static Dictionary<string, long> Figures(string line) =>
        line.Split(' ').Select(p => p.Split('=', 2)).Where(kv => kv.Length == 2 && long.TryParse(kv[1], System.Globalization.CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    [Fact]
    public async Task Rejects_a_topic_with_a_bad_partition_count_with_exit_code_2()
    {
        using var process = StartExe("broker", "--topic", "spans:zero");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--topic", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parses_topics_with_and_without_their_own_partition_count()
    {
        var topics = BrokerCommand.ParseTopics(["spans", "dead-letter:1"], 8);

        Assert.Equal([("spans", 8), ("dead-letter", 1)], topics);
    }

    private static Process StartExe(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kafka-metrics-gen.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start kafka-metrics-gen");
    }
}
