using System.CommandLine;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Core.Processors.SpanMetrics;
using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Logging;
using KafkaMetricsGen.Streams.Aggregate;
using KafkaMetricsGen.Streams.Decode;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Replay;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Tenancy;
using KafkaMetricsGen.Streams.Topics;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Commands;

/// <summary>
/// <c>replay</c>: backfill. Runs the worker over a range of the input topics under a new application id and stops when
/// the range is done; the metrics carry the spans' historical times (the receiver must accept out-of-order samples).
/// With <c>--config</c> it takes the live worker's YAML file, so the replay runs the same processors, overrides, Kafka
/// client settings and remote write as <c>run</c>; without it, flags and Tempo's default processor settings.
/// </summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var configFile = new Option<FileInfo?>("--config") { Description = "The live worker's YAML config: its processors, overrides, kafka settings and remote write are used" };
        var bootstrap = new Option<string?>("--bootstrap-servers", "--bootstrap-server") { Description = "Kafka bootstrap servers, host:port[,host:port] (required without --config)" };
        var topics = new Option<string[]>("--topic") { Description = "Input topic as name:codec (otlp_proto, otlp_json, push-bytes, otlp); repeatable (required without --config)", AllowMultipleArgumentsPerToken = false };
        var from = new Option<string>("--from") { Description = "Start in every partition: an offset or an ISO-8601 timestamp", Required = true };
        var to = new Option<string?>("--to") { Description = "End (exclusive): an offset or an ISO-8601 timestamp; default: the end offsets now" };
        var appId = new Option<string?>("--application-id") { Description = "Application id of the replay; default: <app>-replay-<yyyyMMddHHmmss>" };
        var baseAppId = new Option<string>("--base-application-id") { Description = "The live worker's application id", DefaultValueFactory = _ => KafkaWorkerDefaults.ApplicationId };
        var remoteWrite = new Option<string?>("--remote-write") { Description = "Prometheus remote-write URL; without it the result is only logged" };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the internal topics", DefaultValueFactory = _ => 4 }.AtLeast(1);
        var stateDir = new Option<string>("--state-dir") { Description = "Parent directory of the replay's state", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "kafka-metrics-gen-replay") };
        var cleanup = new Option<bool>("--cleanup") { Description = "At the end, delete the replay's internal topics, consumer group and local state (without it they stay, and the command lists them)" };
        var guarantee = new Option<string>("--processing-guarantee") { Description = "at_least_once or exactly_once", DefaultValueFactory = _ => KafkaWorkerDefaults.ProcessingGuarantee }.OneOf(KafkaWorkerDefaults.AtLeastOnce, KafkaWorkerDefaults.ExactlyOnce);

        var command = new Command("replay", "Backfill: recompute metrics from a range of the input topics under a new application id, then stop.");
        foreach (var option in new Option[] { configFile, bootstrap, topics, from, to, appId, baseAppId, remoteWrite, partitions, stateDir, guarantee, cleanup })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(configFile) is { } file)
            {
                return await RunFromConfigAsync(file, result, new ReplayFlags(bootstrap, topics, from, to, appId, baseAppId, remoteWrite, stateDir, guarantee, cleanup), cancellationToken).ConfigureAwait(false);
            }

            try
            {
                if (result.GetValue(bootstrap) is null || (result.GetValue(topics) ?? []).Length == 0)
                {
                    throw new ArgumentException("replay: give --config, or --bootstrap-servers and at least one --topic");
                }

                var inputs = result.GetValue(topics)!.Select(ParseTopic).ToArray();
                var toText = result.GetValue(to);
                var options = new ReplayOptions
                {
                    BootstrapServers = result.GetValue(bootstrap)!,
                    Inputs = inputs,
                    From = ReplayPosition.Parse(result.GetValue(from)!, "replay --from"),
                    To = toText is null ? null : ReplayPosition.Parse(toText, "replay --to"),
                    ApplicationId = result.GetValue(appId),
                    BaseApplicationId = result.GetValue(baseAppId)!,
                    StateDir = result.GetValue(stateDir)!,
                    ProcessingGuarantee = result.GetValue(guarantee)!,
                };
                var status = new WorkerStatus();
                var url = result.GetValue(remoteWrite);
                await using var sinks = url is null ? null : new RemoteWriteSinks(new RemoteWriteOptions { RemoteWrite = { new RemoteWriteEndpointOptions { Url = url, Name = "replay" } } }, _ => null, TimeProvider.System, status);
                var latest = new LatestValuesSink();
                var count = result.GetValue(partitions);
                var configs = new StaticTenantConfigSource(new TenantPipelineConfig
                {
                    Registry = new RegistryOptions(),
                    SpanMetrics = new SpanMetricsOptions(),
                    ServiceGraphs = new ServiceGraphsOptions(),
                });
                var topology = TopologyComposition.Create(new TopologyParts
                {
                    Inputs = inputs,
                    Partitions = count,
                    Configs = configs,
                    Sinks = (ITenantSinks?)sinks ?? latest,
                    Status = status,
                });
                using var loggers = LoggerFactory.Create(b => WorkerLogging.Configure(b, ServerDefaults.LogLevel, ServerDefaults.LogFormat));
                return await RunAsync(options, topology, status, loggers, sinks, TimeSpan.FromSeconds(RemoteWriteDefaults.FlushDeadlineSeconds), result.GetValue(cleanup), cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static async Task<int> RunFromConfigAsync(FileInfo file, ParseResult result, ReplayFlags flags, CancellationToken cancellationToken)
    {
        WorkerConfig config;
        try
        {
            config = WorkerConfigLoader.LoadFile(file.FullName, EnvironmentOverrides.FromProcess());
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        try
        {
            if (result.GetValue(flags.RemoteWrite) is not null)
            {
                throw new ArgumentException("replay --remote-write: with --config the replay writes where the config's remote_write does; drop one of them");
            }

            if ((result.GetValue(flags.Topics) ?? []).Length > 0)
            {
                throw new ArgumentException("replay --topic: with --config the replay reads the config's kafka.topics; drop one of them");
            }

            var kafka = config.Kafka;
            var toText = result.GetValue(flags.To);
            var draft = new ReplayOptions
            {
                BootstrapServers = result.GetValue(flags.Bootstrap) ?? kafka.BootstrapServers,
                Inputs = WorkerComposition.Inputs(kafka),
                From = ReplayPosition.Parse(result.GetValue(flags.From)!, "replay --from"),
                To = toText is null ? null : ReplayPosition.Parse(toText, "replay --to"),
                ApplicationId = result.GetValue(flags.ApplicationId),
                BaseApplicationId = result.GetResult(flags.BaseApplicationId) is { Implicit: false } ? result.GetValue(flags.BaseApplicationId)! : kafka.ApplicationId,
                StateDir = result.GetValue(flags.StateDir)!,
                ProcessingGuarantee = result.GetResult(flags.Guarantee) is { Implicit: false } ? result.GetValue(flags.Guarantee)! : kafka.ProcessingGuarantee,
                ClientConfig = kafka.ClientConfig,
            };
            draft.Validate();

            // The composition needs the id up front; fixing it here keeps the runner from deriving another one.
            var applicationId = draft.EffectiveApplicationId(TimeProvider.System);
            var options = draft.WithApplicationId(applicationId);
            using var composition = WorkerComposition.Create(config, TimeProvider.System, applicationId);
            composition.UseInputPartitions(WorkerComposition.InputPartitions(kafka));
            composition.Tenants.Start();
            await using var sinks = composition.Sinks;
            using var loggers = LoggerFactory.Create(b => WorkerLogging.Configure(b, config.Server.LogLevel, config.Server.LogFormat));
            return await RunAsync(options, composition.Topology, composition.Status, loggers, sinks, config.RemoteWrite.FlushDeadline, result.GetValue(flags.Cleanup), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }

    /// <summary>Runs the replay, waits for remote write to take every window, reports and cleans up; the exit code.</summary>
    private static async Task<int> RunAsync(ReplayOptions options, WorkerTopologySettings topology, WorkerStatus status, ILoggerFactory loggers, RemoteWriteSinks? sinks, TimeSpan flushDeadline, bool cleanup, CancellationToken cancellationToken)
    {
        var clientLog = new KafkaClientLog(loggers);
        var provisioner = new AdminTopicProvisioner(options.BootstrapServers, options.ClientConfig, clientLog);
        var done = await ReplayRunner.RunAsync(options, topology, provisioner, status, loggers, progress: TerminalProgress.ForConsole(), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (sinks is not null && !await sinks.FlushAsync(flushDeadline).ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync("error: remote write did not take every window before the deadline").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await Console.Out.WriteLineAsync($"replayed {done.Records} records under application id {done.ApplicationId}").ConfigureAwait(false);
        var left = ReplayCleanup.InternalTopics(topology, done.ApplicationId);
        if (!cleanup)
        {
            await Console.Out.WriteLineAsync($"left in place (replay --cleanup deletes them): consumer group {done.ApplicationId}; topics {string.Join(", ", left)}; state {options.WorkerOptions(done.ApplicationId).StateDir}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var problems = await ReplayCleanup.RunAsync(options, topology, done.ApplicationId, clientLog).ConfigureAwait(false);
        if (problems is not null)
        {
            await Console.Error.WriteLineAsync("error: replay --cleanup could not delete the replay's " + problems).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await Console.Out.WriteLineAsync($"deleted consumer group {done.ApplicationId}, topics {string.Join(", ", left)} and the local state").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static InputTopic ParseTopic(string text)
    {
        var colon = text.LastIndexOf(':');
        var input = colon < 0 ? new InputTopic(text, Codecs.OtlpProto) : new InputTopic(text[..colon], text[(colon + 1)..]);
        input.Validate();
        return input;
    }
}

/// <summary>The flags <c>replay --config</c> reads besides the file (each one overrides the file where it applies).</summary>
internal sealed record ReplayFlags(
    Option<string?> Bootstrap,
    Option<string[]> Topics,
    Option<string> From,
    Option<string?> To,
    Option<string?> ApplicationId,
    Option<string> BaseApplicationId,
    Option<string?> RemoteWrite,
    Option<string> StateDir,
    Option<string> Guarantee,
    Option<bool> Cleanup);
