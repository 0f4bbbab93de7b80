using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Prometheus;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>
/// A crash during a remote-write outage: Prometheus is stopped, windows queue in the worker, the worker is killed with
/// SIGKILL, then Prometheus (same port, same data) and the worker start again. Every series must have a sample at every
/// window end from its first to its last, the windows of the outage included, and the totals must be exact.
/// </summary>
public sealed partial class RunCommandCrashTests
{
    private const string OutageStarted = "remote write outage started";
    private const int CollectionIntervalMs = 1000;

    [Fact]
    public async Task Windows_queued_during_an_outage_survive_a_kill_and_reach_prometheus_without_gaps()
    {
        await using var receiver = new PrometheusServer();
        await receiver.InitializeAsync();
        var applicationId = "outage-" + Guid.NewGuid().ToString("N")[..6];
        var bootstrap = "127.0.0.1:" + Loopback.FreePort().ToString(CultureInfo.InvariantCulture);
        var httpPort = Loopback.FreePort();
        var config = new FaultSuiteRun(prometheus, log, _dir).WriteConfig(bootstrap, applicationId, "exactly_once", httpPort, remoteWrite: receiver.RemoteWriteUrl, commitInterval: "1s");
        var traces = 900;
        var run = $"{{run=\"{applicationId}\"}}";

        var brokerOutput = new StringBuilder();
        var workerOutput = new StringBuilder();
        using var broker = ExeProcess.Start(brokerOutput, "broker", "--config", config, "--partitions", MinPartitions.ToString(CultureInfo.InvariantCulture));
        Process? generate = null;
        Process? worker = null;
        try
        {
            await FaultSuiteRun.WaitForAsync(() => ExeProcess.Output(brokerOutput).Contains("press Ctrl-C", StringComparison.Ordinal), "the broker", broker, brokerOutput);
            worker = ExeProcess.Start(workerOutput, "run", "--config", config);
            var generateOutput = new StringBuilder();
            generate = ExeProcess.Start(generateOutput, "generate", "--bootstrap-servers", bootstrap, "--topic", Topic, "--count", traces.ToString(CultureInfo.InvariantCulture),
                "--rate", "40", "--traces-per-record", TracesPerRecord.ToString(CultureInfo.InvariantCulture));
            await FaultSuiteRun.WaitForAsync(() => (receiver.QueryValueAsync($"count(traces_spanmetrics_calls_total{run})").GetAwaiter().GetResult() ?? 0) > 0, "the first samples", worker, workerOutput);

            // The outage: windows close and queue; some are committed with the state before the kill.
            await receiver.StopAsync();
            var stopped = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await FaultSuiteRun.WaitForAsync(() => ExeProcess.Output(workerOutput).Contains(OutageStarted, StringComparison.Ordinal), "the outage warning", worker, workerOutput);

            // Kill once windows queued in the outage are committed to the store's changelog: earlier, the input that
            // closed them is not committed either, and the restarted worker closes them again instead.
            await FaultSuiteRun.WaitForAsync(() => CommittedUnsentWindows(bootstrap, applicationId) >= 3, "unsent windows in the committed changelog", worker, workerOutput);
            var queued = WorkerMetric(httpPort, "prometheus_remote_storage_pending_windows");
            var killed = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            worker.Kill();
            await worker.WaitForExitAsync();
            worker.Dispose();
            lock (workerOutput)
            {
                workerOutput.AppendLine(CultureInfo.InvariantCulture, $"---- SIGKILL with {queued} windows queued ----");
            }

            // The worker first: its rejoin (the killed member's session must run out) takes longer than Prometheus'
            // start, and until Prometheus answers the worker is in the outage it was killed in.
            worker = ExeProcess.Start(workerOutput, "run", "--config", config);
            await receiver.StartAgainAsync();
            using (var timeout = new CancellationTokenSource(Patience))
            {
                await generate.WaitForExitAsync(timeout.Token);
            }

            Assert.True(generate.ExitCode == 0, ExeProcess.Output(generateOutput));
            var expected = (double)traces * SpansPerTrace;
            var total = await new FaultSuiteRun(receiver, log, _dir).SettledTotalAsync($"sum(traces_spanmetrics_calls_total{run})", expected, worker, workerOutput, QuietSeconds);
            Assert.Equal(expected, total);
            await FaultSuiteRun.WaitForAsync(() => WorkerMetric(httpPort, "kafka_metrics_gen_unsent_windows_restored_total") > 0, "windows kept from before the kill to be sent", worker, workerOutput);
            var restored = WorkerMetric(httpPort, "kafka_metrics_gen_unsent_windows_restored_total");

            var (series, windows, inOutage) = AssertNoWindowMissing(await receiver.QueryAsync($"traces_spanmetrics_calls_total{run}[1h]"), stopped, killed);
            log.WriteLine($"{queued} windows queued at the kill, {restored} sent again after the restart; {series} series, {windows} window samples ({inOutage} from the outage), none missing");
            Assert.True(inOutage > 0, "no sample from the outage");
        }
        finally
        {
            FaultSuiteRun.Stop(log, workerOutput, worker, generate, broker);
        }
    }

    /// <summary>Every series is written at every window end: consecutive samples one collection interval apart.</summary>
    private static (int Series, int Windows, int InOutage) AssertNoWindowMissing(JsonElement matrix, long outageStartMs, long outageEndMs)
    {
        var windows = 0;
        var inOutage = 0;
        foreach (var series in matrix.EnumerateArray())
        {
            var times = series.GetProperty("values").EnumerateArray().Select(v => (long)Math.Round(v[0].GetDouble() * 1000)).ToList();
            windows += times.Count;
            inOutage += times.Count(t => t > outageStartMs && t <= outageEndMs);
            for (var i = 1; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 1] == CollectionIntervalMs, $"{series.GetProperty("metric")}: no sample between {times[i - 1]} and {times[i]}");
            }
        }

        Assert.True(matrix.GetArrayLength() > 0, "no series in Prometheus");
        return (matrix.GetArrayLength(), windows, inOutage);
    }

    /// <summary>Unsent windows in the series store's changelog as a read_committed reader sees it (latest value per key).</summary>
    private static int CommittedUnsentWindows(string bootstrap, string applicationId)
    {
        var topic = applicationId + "-series-store-changelog";
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "probe-" + Guid.NewGuid().ToString("N"),
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string, byte[]?>(config).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        consumer.Assign(partitions);
        var live = new Dictionary<string, bool>(StringComparer.Ordinal);
        var ended = new HashSet<int>();
        var deadline = Stopwatch.StartNew();
        while (ended.Count < partitions.Count && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
            }
            else if (result.Message.Key.StartsWith("u|", StringComparison.Ordinal))
            {
                live[result.Message.Key] = result.Message.Value is not null;
            }
        }

        return live.Count(kv => kv.Value);
    }

    /// <summary>The sum of a metric's samples on the worker's /metrics (0 when it is absent or the worker does not answer).</summary>
    private static double WorkerMetric(int port, string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string text;
        try
        {
            text = http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is '{' or ' '))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}
