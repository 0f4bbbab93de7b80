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
