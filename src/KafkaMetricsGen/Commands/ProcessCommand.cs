using System.CommandLine;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.Exposition;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Core.Tenancy;
using KafkaMetricsGen.Offline;

namespace KafkaMetricsGen.Commands;

/// <summary>
/// <c>process --config FILE --format F [--tenant T] [--timestamps] [--remote-write URL | --remote-write-config]
/// [--skip-invalid] FILES...</c>: span metrics and service graphs over trace files, without Kafka. Prints the final
/// value of every series in the Prometheus text format, or sends every window to a remote-write endpoint, or through
/// the configuration's <c>storage.remote_write</c> entries.
/// </summary>
public static class ProcessCommand
{
    private const string Help =
        "Run span metrics and service graphs over trace files and print the final value of every series (Prometheus text "
        + "format), or send every window's samples with --remote-write. Each file is one record of --format (otlp_json "
        + "files may also hold one request per line). Tempo's metrics_ingestion_time_range_slack filter does not apply: "
        + "spans of any age are counted, stale_duration does not end series, and service-graph edges pair across all "
        + "files; edges still unpaired at the end expire as if 'wait' had passed (virtual nodes, expired-edge counts).";

    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Configuration file (YAML with Tempo's metrics_generator: block)", Required = true };
        var format = new Option<string>("--format") { Description = "Input encoding: otlp_json, otlp_proto or push-bytes", Required = true }.OneOf(Codecs.OtlpJson, Codecs.OtlpProto, Codecs.PushBytes);
        var tenant = new Option<string>("--tenant") { Description = "Tenant whose overrides apply", DefaultValueFactory = _ => ProcessDefaults.Tenant };
        var timestamps = new Option<bool>("--timestamps") { Description = "Print each sample's timestamp (ms)" };
        var remoteWrite = new Option<string?>("--remote-write") { Description = "Send the samples to this remote-write URL instead of printing them" };
        var remoteWriteConfig = new Option<bool>("--remote-write-config")
        {
            Description = "Send the samples through the config's storage.remote_write entries (auth, TLS, proxy, queue settings, tenant overrides) to check them against the receiver",
        };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Skip undecodable files and report how many on stderr (default: stop with exit code 1)" };
        var files = new Argument<string[]>("FILES") { Description = "Trace files", Arity = ArgumentArity.OneOrMore };

        var command = new Command("process", Help);
        foreach (var option in new Option[] { config, format, tenant, timestamps, remoteWrite, remoteWriteConfig, skipInvalid })
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(files);
        command.SetAction((result, cancellationToken) => RunAsync(
            new ProcessOptions
            {
                ConfigPath = result.GetValue(config)!,
                Format = result.GetValue(format)!,
                Tenant = result.GetValue(tenant)!,
                Timestamps = result.GetValue(timestamps),
                RemoteWriteUrl = result.GetValue(remoteWrite),
                RemoteWriteConfig = result.GetValue(remoteWriteConfig),
                SkipInvalid = result.GetValue(skipInvalid),
                Files = result.GetValue(files) ?? [],
            },
            EnvironmentOverrides.FromProcess(),
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    /// <summary>The command body, with its inputs and outputs passed in so tests need no console.</summary>
    public static async Task<int> RunAsync(
        ProcessOptions options, IReadOnlyDictionary<string, string> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        TenantSettings settings;
        WorkerConfig config;
        try
        {
            options.Validate();
            config = WorkerConfigLoader.LoadFile(options.ConfigPath, environment);
            using var provider = config.CreateTenantSettings(TimeProvider.System);
            settings = provider.Get(options.Tenant);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Errors)
            {
                await error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        using var pipeline = new OfflinePipeline(settings, TimeProvider.System);
        var reader = new InputFileReader(options.Format, options.Tenant);
        var skipped = 0;
        foreach (var file in options.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.Read(file, pipeline.Push) is not { } failure)
            {
                continue;
            }

            if (!options.SkipInvalid)
            {
                await error.WriteLineAsync($"error: {file}: {failure}").ConfigureAwait(false);
                return ProcessDefaults.ExitFailed;
            }

            await error.WriteLineAsync($"skipped {file}: {failure}").ConfigureAwait(false);
            skipped++;
        }

        if (skipped > 0)
        {
            await error.WriteLineAsync($"skipped {skipped} of {options.Files.Count} files that could not be decoded").ConfigureAwait(false);
        }

        if (options.RemoteWriteConfig)
        {
            if (config.RemoteWrite.RemoteWrite.Count == 0)
            {
                await error.WriteLineAsync("error: --remote-write-config: the configuration has no metrics_generator.storage.remote_write entries").ConfigureAwait(false);
                return ProcessDefaults.ExitFailed;
            }

            return await OfflineRemoteWrite.SendThroughConfigAsync(pipeline, config.RemoteWrite, settings, error, cancellationToken).ConfigureAwait(false);
        }

        if (options.RemoteWriteUrl is { } url)
        {
            return await OfflineRemoteWrite.SendAsync(pipeline, config.RemoteWrite, settings, url, error, cancellationToken).ConfigureAwait(false);
        }

        var text = new PrometheusTextAppender(options.Timestamps);
        pipeline.Finish(text);
        text.WriteTo(output);
        return ProcessDefaults.ExitOk;
    }
}
