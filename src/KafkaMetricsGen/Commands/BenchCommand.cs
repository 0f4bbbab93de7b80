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
        var verbose = new Option<bool>("--verbose") { Description = "Print the worker's log" };
        var throughput = new Command("throughput", "Fill an embedded-broker topic with synthetic spans, then time a plain consumer reading it all and the worker counting every span; prints a table and a summary line.");
        foreach (var option in new Option[] { spans, partitions, tracePartitions, tracePartitioned, seriesPartitions, commitInterval, guarantee, verbose })
        {
            throughput.Options.Add(option);
        }

        throughput.SetAction(async (result, cancellationToken) =>
        {
            var options = new ThroughputBenchOptions { Spans = result.GetValue(spans), Partitions = result.GetValue(partitions), TracePartitions = result.GetValue(tracePartitions), TracePartitioned = result.GetValue(tracePartitioned), SeriesPartitions = result.GetValue(seriesPartitions), CommitInterval = result.GetValue(commitInterval), Guarantee = result.GetValue(guarantee)! };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(result.GetValue(verbose) ? LogLevel.Information : LogLevel.Error));
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
        });

        var command = new Command("bench", "Benchmarks that need a broker (the embedded one).");
        command.Subcommands.Add(throughput);
        return command;
    }
}
