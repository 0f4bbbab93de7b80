using System.CommandLine;
using KafkaMetricsGen.Demo;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Commands;

/// <summary><c>demo</c>: the whole pipeline on embedded defaults, no setup.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var rate = new Option<double>("--rate") { Description = "Synthetic traces per second (11 spans each)", DefaultValueFactory = _ => 50 }.AtLeast(0.001);
        var duration = new Option<TimeSpan?>("--duration") { Description = "Stop by itself after this long, e.g. 60s or 00:01:00 (default: until Ctrl-C)", CustomParser = r => DurationParser.Parse(r) };
        var interval = new Option<TimeSpan>("--interval") { Description = "Live summary interval", DefaultValueFactory = _ => TimeSpan.FromSeconds(5), CustomParser = r => DurationParser.Parse(r) ?? TimeSpan.Zero };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the input topic", DefaultValueFactory = _ => 4 }.AtLeast(1);
        var remoteWrite = new Option<Uri?>("--remote-write") { Description = "Send the metrics to this Prometheus remote-write URL instead of the local sink", CustomParser = OptionRules.HttpUrl };
        var http = new Option<string?>("--http") { Description = "Serve the demo page (/), /metrics, /ready, /live, /status and the TraceQL metrics API on host:port, e.g. 127.0.0.1:8080", CustomParser = OptionRules.HostPort };
        var guarantee = new Option<string>("--processing-guarantee") { Description = "at_least_once or exactly_once", DefaultValueFactory = _ => KafkaWorkerDefaults.ProcessingGuarantee }.OneOf(KafkaWorkerDefaults.AtLeastOnce, KafkaWorkerDefaults.ExactlyOnce);
        var verbose = new Option<bool>("--verbose") { Description = "Print the worker's log" };

        var command = new Command("demo", "Run everything on embedded defaults: an in-process Kafka-protocol broker, a synthetic shop system (frontend → checkout → payments, inventory with a database, a queue with a consumer) writing OTLP traces, the worker, and a local sink; prints a live summary, then the service graph and a RED table.");
        foreach (var option in new Option[] { rate, duration, interval, partitions, remoteWrite, http, guarantee, verbose })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(result.GetValue(verbose) ? LogLevel.Information : LogLevel.Error));
            var options = new DemoOptions
            {
                TracesPerSecond = result.GetValue(rate),
                Duration = result.GetValue(duration),
                SummaryInterval = result.GetValue(interval),
                Partitions = result.GetValue(partitions),
                RemoteWrite = result.GetValue(remoteWrite),
                HttpAddress = result.GetValue(http),
                ProcessingGuarantee = result.GetValue(guarantee)!,
            };
            return await new DemoRunner(options, Console.Out, loggers).RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
