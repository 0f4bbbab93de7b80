using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using KafkaMetricsGen.Commands;
using KafkaMetricsGen.TestKit.Prometheus;
using Xunit.Abstractions;

namespace KafkaMetricsGen.Tests.Commands;

/// <summary>
/// What the fault suites share: the worker's config file, waiting on a process, <c>/ready</c>, the settled span total
/// in Prometheus and the suite's environment settings (<c>FAULT_SUITE_*</c>, see scripts/fault-suite.sh).
/// </summary>
internal sealed class FaultSuiteRun(PrometheusServer prometheus, ITestOutputHelper log, string dir)
{
    public const string Topic = "spans";
    public const int SpansPerTrace = 11;
    public const int TracesPerRecord = 5;
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(600);

    public static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    public static bool Ready(int port) => ReadyStatus(port) == HttpStatusCode.OK;

    /// <summary><c>/ready</c>'s status code, or null when the worker does not answer.</summary>
    public static HttpStatusCode? ReadyStatus(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = http.GetAsync(new Uri($"http://127.0.0.1:{port}/ready")).GetAwaiter().GetResult();
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Appends one result line to <c>FAULT_SUITE_REPORT</c> when it is set.</summary>
    public static async Task ReportAsync(string line)
    {
        if (Environment.GetEnvironmentVariable("FAULT_SUITE_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, line + Environment.NewLine);
        }
    }

    /// <summary>
    /// The total once it has reached <paramref name="expected"/> and not moved for <paramref name="quietSeconds"/>
    /// (several collection intervals: an at-least-once replay may still add to it); below it, it keeps waiting until
    /// the patience runs out.
    /// </summary>
    public async Task<double> SettledTotalAsync(string query, double expected, Process worker, StringBuilder output, int quietSeconds = 8)
    {
        var started = Stopwatch.StartNew();
        double? last = null;
        var unchanged = 0;
        while (started.Elapsed < Patience)
        {
            Assert.False(worker.HasExited, $"the worker exited ({(worker.HasExited ? worker.ExitCode : 0)}):\n{ExeProcess.Output(output)}");
            var value = await prometheus.QueryValueAsync(query) ?? 0;
            unchanged = value == last ? unchanged + 1 : 0;
            last = value;
            if (value >= expected && unchanged >= quietSeconds)
            {
                log.WriteLine($"settled at {value} after {started.Elapsed.TotalSeconds:0}s");
                return value;
            }

            await Task.Delay(1000);
        }

        return last ?? 0;
    }

    public static async Task WaitForAsync(Func<bool> condition, string what, Process process, StringBuilder output)
    {
        var started = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, $"{what} exited ({(process.HasExited ? process.ExitCode : 0)}):\n{ExeProcess.Output(output)}");
            Assert.True(started.Elapsed < Patience, $"timed out waiting for {what}:\n{ExeProcess.Output(output)}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// What the embedded broker's proxies did during a run, from the <c>broker</c> command's output: every
    /// statistics line it printed (one each time the figures changed), for the message of a wrong total.
    /// </summary>
    public static string BrokerFigures(StringBuilder brokerOutput) =>
        "the broker's proxy figures over the run:\n" + string.Join('\n', BrokerFigureLines(brokerOutput));

    /// <summary>The broker's latest statistics line, or a note that it printed none yet.</summary>
    public static string LastBrokerFigures(StringBuilder brokerOutput) =>
        BrokerFigureLines(brokerOutput).LastOrDefault() ?? "the broker printed no proxy figures";

    /// <summary>
    /// The records on the input topic (the sum of its partitions' end offsets): more than were written means the
    /// producer wrote some twice (its retries after a hang), which the totals then count twice whatever the guarantee.
    /// </summary>
    public static long InputRecords(string bootstrapServers, int partitions)
    {
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "fault-suite-input-count" }).Build();
        long records = 0;
        for (var p = 0; p < partitions; p++)
        {
            records += consumer.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(Topic, p), TimeSpan.FromSeconds(30)).High.Value;
        }

        return records;
    }

    private static IEnumerable<string> BrokerFigureLines(StringBuilder brokerOutput) =>
        ExeProcess.Output(brokerOutput).Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith(BrokerCommand.StatisticsLinePrefix, StringComparison.Ordinal) || l.StartsWith(BrokerCommand.ExitStatisticsLinePrefix, StringComparison.Ordinal));

    /// <summary>
    /// The worker's config: one otlp_proto input topic, span metrics only, a 1 s collection interval, remote write to
    /// this run's Prometheus (or <paramref name="remoteWrite"/>) with short backoffs. A short
    /// <paramref name="sessionTimeoutMs"/> makes a restarted worker rejoin sooner: the embedded broker answers its
    /// JoinGroup only once the killed member's session (less 1 s) has run out. The series carry
    /// <c>run=<paramref name="runLabel"/></c>, the application id unless given.
    /// </summary>
    public string WriteConfig(string bootstrapServers, string applicationId, string guarantee, int httpPort, string extraStorage = "", Uri? remoteWrite = null, string commitInterval = "5s", int? sessionTimeoutMs = null, string? runLabel = null)
    {
        var path = Path.Combine(dir, "worker.yaml");
        File.WriteAllText(path, $"""
            server:
              http_listen_address: 127.0.0.1
              http_listen_port: {httpPort}
            kafka:
              bootstrap_servers: {bootstrapServers}
              application_id: {applicationId}
              topics:
                - name: {Topic}
                  codec: otlp_proto
              state_dir: {Path.Combine(dir, "state")}
              processing_guarantee: {guarantee}
              commit_interval: {commitInterval}
              {(sessionTimeoutMs is { } session ? $"client_config: {{session.timeout.ms: {session.ToString(CultureInfo.InvariantCulture)}}}" : "")}
            metrics_generator:
              registry:
                collection_interval: 1s
                window_grace: 1s
                external_labels:
                  run: {runLabel ?? applicationId}
              storage:
                {extraStorage}
                remote_write:
                  - url: {remoteWrite ?? prometheus.RemoteWriteUrl}
                    queue_config:
                      min_backoff: 100ms
                      max_backoff: 1s
            overrides:
              defaults:
                metrics_generator:
                  processors: [span-metrics]
            """);
        return path;
    }

    /// <summary>
    /// Ends a run: kills what still runs of the worker, <c>generate</c> and the broker, disposes the worker and
    /// <c>generate</c> (the caller owns the broker), and prints the worker's log when <c>FAULT_SUITE_LOG=1</c>.
    /// </summary>
    public static void Stop(ITestOutputHelper log, StringBuilder workerOutput, Process? worker, Process? generate, Process broker)
    {
        foreach (var p in new[] { worker, generate, broker })
        {
            if (p is { HasExited: false })
            {
                p.Kill(entireProcessTree: true);
            }
        }

        worker?.Dispose();
        generate?.Dispose();
        if (Environment.GetEnvironmentVariable("FAULT_SUITE_LOG") == "1")
        {
            log.WriteLine(ExeProcess.Output(workerOutput));
        }
    }
}
