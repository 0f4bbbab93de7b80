using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Confluent.Kafka;
using KafkaMetricsGen.Streams.Broker;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary><c>generate</c> as a child process: it waits for every delivery report and says what was not delivered.</summary>
public sealed class GenerateCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Flushes_before_it_exits_so_every_record_it_reports_is_on_the_topic()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaBrokerOptions { Brokers = 1 });
        broker.CreateTopic("spans", 2);
        var output = new StringBuilder();

        using (var generate = ExeProcess.Start(output, "generate", "--bootstrap-servers", broker.BootstrapServers, "--topic", "spans", "--count", "500", "--rate", "0", "--traces-per-record", "3"))
        {
            using var timeout = new CancellationTokenSource(Patience);
            await generate.WaitForExitAsync(timeout.Token);
            Assert.True(generate.ExitCode == 0, ExeProcess.Output(output));
        }

        // 500 traces in records of 3: 166 full records and one of 2.
        Assert.Contains("delivered 500 traces (5500 spans, 167 records) to spans", ExeProcess.Output(output), StringComparison.Ordinal);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "generate-check", EnableAutoCommit = false }).Build();
        long records = 0;
        foreach (var partition in new[] { 0, 1 })
        {
            records += consumer.QueryWatermarkOffsets(new TopicPartition("spans", partition), TimeSpan.FromSeconds(10)).High.Value;
        }

        Assert.Equal(167, records);
    }

    [Fact]
    public async Task Reports_what_was_not_delivered_and_exits_1()
    {
        var closedPort = ClosedPort();
        var output = new StringBuilder();
        using var generate = ExeProcess.Start(output, "generate", "--bootstrap-servers", "127.0.0.1:" + closedPort.ToString(CultureInfo.InvariantCulture), "--topic", "spans", "--count", "10", "--rate", "0", "--traces-per-record", "5", "--delivery-timeout", "2s");
        using var timeout = new CancellationTokenSource(Patience);
        await generate.WaitForExitAsync(timeout.Token);

        var text = ExeProcess.Output(output);
        Assert.True(generate.ExitCode == 1, text);
        Assert.Contains("delivered 0 traces", text, StringComparison.Ordinal);
        Assert.Contains("not delivered: 2 of 2 records (10 traces) to spans", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_bad_delivery_timeout_naming_the_option()
    {
        var output = new StringBuilder();
        using var generate = ExeProcess.Start(output, "generate", "--bootstrap-servers", "127.0.0.1:1", "--topic", "spans", "--delivery-timeout", "soon");
        using var timeout = new CancellationTokenSource(Patience);
        await generate.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, generate.ExitCode);
        Assert.Contains("--delivery-timeout", ExeProcess.Output(output), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
