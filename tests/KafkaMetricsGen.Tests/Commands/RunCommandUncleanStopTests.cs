using System.Diagnostics;
using System.Globalization;
using System.Text;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.TestKit.Prometheus;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>
/// An exactly-once worker killed with SIGKILL may leave RocksDB holding writes its changelogs never committed (the
/// stores are flushed before the commit's transaction ends, and the broker aborts that transaction once the next
/// producer fences it). The next start must not count on them: it restores from the changelogs.
/// </summary>
public sealed class RunCommandUncleanStopTests(PrometheusServer prometheus, ITestOutputHelper log) : IClassFixture<PrometheusServer>, IDisposable
{
    private const int Partitions = 4;
    private const int Traces = 200;
    private const string UncleanStart = "did not stop cleanly";

    private readonly string _dir = Directory.CreateTempSubdirectory("kmg-unclean-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Makes that state whole and certain: the first worker counts every span and is killed; the second runs on the same
    /// state directory against a broker started afresh, whose changelogs hold none of it (all of the store is then what
    /// an aborted transaction leaves: writes no committed record stands for), and is given the same spans again. Its
    /// totals must be those spans once, not added to what the killed worker's stores held.
    /// </summary>
    [Fact]
    public async Task Exactly_once_worker_killed_leaves_no_uncommitted_state_to_the_next_start()
    {
        var applicationId = "unclean-" + Guid.NewGuid().ToString("N")[..6];
        var bootstrap = "127.0.0.1:" + Loopback.FreePort().ToString(CultureInfo.InvariantCulture);
        var httpPort = Loopback.FreePort();
        var run = new FaultSuiteRun(prometheus, log, _dir);
        var expected = (double)Traces * FaultSuiteRun.SpansPerTrace;
        var workerOutput = new StringBuilder();

        var first = run.WriteConfig(bootstrap, applicationId, "exactly_once", httpPort, commitInterval: "1s", runLabel: applicationId + "-first");
        var total = await CountAsync(run, first, applicationId + "-first", workerOutput, expected);
        Assert.Equal(expected, total);
        Assert.DoesNotContain(UncleanStart, ExeProcess.Output(workerOutput), StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir, "state", applicationId)));

        var second = run.WriteConfig(bootstrap, applicationId, "exactly_once", httpPort, commitInterval: "1s", runLabel: applicationId + "-second");
        total = await CountAsync(run, second, applicationId + "-second", workerOutput, expected);
        Assert.True(total == expected, $"counted {total} for {expected} spans: the killed worker's stores were restored on\n{ExeProcess.Output(workerOutput)}");
        Assert.Contains(UncleanStart, ExeProcess.Output(workerOutput), StringComparison.Ordinal);
    }

    /// <summary>
    /// A broker of its own, <see cref="Traces"/> traces written, a worker run until Prometheus holds their total under
    /// <paramref name="label"/>, then the worker and the broker killed with SIGKILL; returns that total.
    /// </summary>
    private async Task<double> CountAsync(FaultSuiteRun run, string config, string label, StringBuilder workerOutput, double expected)
    {
        var brokerOutput = new StringBuilder();
        using var broker = ExeProcess.Start(brokerOutput, "broker", "--config", config, "--partitions", Partitions.ToString(CultureInfo.InvariantCulture));
        Process? generate = null;
        Process? worker = null;
        try
        {
            await FaultSuiteRun.WaitForAsync(() => ExeProcess.Output(brokerOutput).Contains("press Ctrl-C", StringComparison.Ordinal), "the broker", broker, brokerOutput);
            var bootstrap = File.ReadLines(config).Select(l => l.Trim()).First(l => l.StartsWith("bootstrap_servers:", StringComparison.Ordinal))["bootstrap_servers:".Length..].Trim();
            var generateOutput = new StringBuilder();
            generate = ExeProcess.Start(generateOutput, "generate", "--bootstrap-servers", bootstrap, "--topic", FaultSuiteRun.Topic, "--count", Traces.ToString(CultureInfo.InvariantCulture),
                "--rate", "200", "--traces-per-record", FaultSuiteRun.TracesPerRecord.ToString(CultureInfo.InvariantCulture));
            worker = ExeProcess.Start(workerOutput, "run", "--config", config);
            using (var timeout = new CancellationTokenSource(FaultSuiteRun.Patience))
            {
                await generate.WaitForExitAsync(timeout.Token);
            }

            Assert.True(generate.ExitCode == 0, ExeProcess.Output(generateOutput));
            var total = await run.SettledTotalAsync($"sum(traces_spanmetrics_calls_total{{run=\"{label}\"}})", expected, worker, workerOutput, quietSeconds: 3);
            worker.Kill();
            await worker.WaitForExitAsync();
            lock (workerOutput)
            {
                workerOutput.AppendLine("---- SIGKILL ----");
            }

            return total;
        }
        finally
        {
            FaultSuiteRun.Stop(log, workerOutput, worker, generate, broker);
            await broker.WaitForExitAsync();
        }
    }
}
