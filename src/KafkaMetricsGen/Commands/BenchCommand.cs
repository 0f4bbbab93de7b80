using System.CommandLine;
using KafkaMetricsGen.Bench;
using KafkaMetricsGen.Streams.Configuration;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Commands;

/// <summary><c>bench throughput</c>: the worker's throughput against a plain consumer on the embedded broker.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var spans = new Option<long>("--spans") { Description = "Spans to write and process", DefaultValueFactory = _ => ThroughputBenchDefaults.Spans };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the input topic (raised if the data would not fit the embedded broker's 5 MiB per partition)", DefaultValueFactory = _ => ThroughputBenchDefaults.Partitions };
        var tracePartitions = new Option<int>("--trace-partitions") { Description = "Partitions of the spans-by-trace topic (the generate stage)", DefaultValueFactory = _ => ThroughputBenchDefaults.TracePartitions };
        var seriesPartitions = new Option<int>("--series-partitions") { Description = "Partitions of the series-deltas topic (the aggregate stage)", DefaultValueFactory = _ => ThroughputBenchDefaults.SeriesPartitions };
        var guarantee = new Option<string>("--guarantee") { Description = "at_least_once or exactly_once", DefaultValueFactory = _ => KafkaWorkerDefaults.ProcessingGuarantee }.OneOf(KafkaWorkerDefaults.AtLeastOnce, KafkaWorkerDefaults.ExactlyOnce);
        var commitInterval = new Option<TimeSpan>("--commit-interval") { Description = "The worker's commit interval (default: kafka.commit_interval's default, as run uses)", DefaultValueFactory = _ => KafkaDefaults.CommitInterval, CustomParser = r => DurationParser.Parse(r) ?? TimeSpan.Zero };
        var tracePartitioned = new Option<bool>("--trace-partitioned") { Description = "Declare the input trace-partitioned (each synthetic record holds whole traces, as Tempo's distributor writes them): no spans-by-trace hop" };
        var clientConfig = new Option<string[]>("--client-config") { Description = "A librdkafka setting for the worker, key=value (repeatable), as kafka.client_config gives it", AllowMultipleArgumentsPerToken = false };
        var verbose = new Option<bool>("--verbose") { Description = "Print the worker's log" };
        var throughput = new Command("throughput", "Fill an embedded-broker topic with synthetic spans, then time a plain consumer reading it all and the worker counting every span; prints a table and a summary line.");
        foreach (var option in new Option[] { spans, partitions, tracePartitions, tracePartitioned, seriesPartitions, commitInterval, guarantee, clientConfig, verbose })
        {
            throughput.Options.Add(option);
        }

        throughput.SetAction(async (result, cancellationToken) =>
        {
            ThroughputBenchOptions options;
            try
            {
                options = new ThroughputBenchOptions { Spans = result.GetValue(spans), Partitions = result.GetValue(partitions), TracePartitions = result.GetValue(tracePartitions), TracePartitioned = result.GetValue(tracePartitioned), SeriesPartitions = result.GetValue(seriesPartitions), CommitInterval = result.GetValue(commitInterval), Guarantee = result.GetValue(guarantee)!, ClientConfig = ParseClientConfig(result.GetValue(clientConfig) ?? []) };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await RunAsync(options, result.GetValue(verbose), cancellationToken).ConfigureAwait(false);
        });

        var command = new Command("bench", "Benchmarks that need a broker (the embedded one).");
        command.Subcommands.Add(throughput);
        return command;
    }

    /// <summary><c>--client-config key=value</c> items as settings; throws naming the flag for an item without <c>=</c>.</summary>
    internal static Dictionary<string, string> ParseClientConfig(IEnumerable<string> items)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--client-config: \"{item}\" is not key=value (e.g. fetch.queue.backoff.ms=1000)");
            }

            settings[item[..equals].Trim()] = item[(equals + 1)..].Trim();
        }

        return settings;
    }

    private static async Task<int> RunAsync(ThroughputBenchOptions options, bool verbose, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Error));
        try
        {
            var measured = await new ThroughputBench(options, Console.Out, loggers).RunAsync(cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteAsync(measured.Table()).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(measured.Summary()).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
