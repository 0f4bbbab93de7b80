using System.CommandLine;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.Logging;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Commands;

/// <summary><c>run</c>: the worker, under the generic host, with its HTTP endpoints.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "The YAML config file (metrics_generator:, kafka:, overrides:, server:)", Required = true };
        var command = new Command("run", "Run the worker: consume span batches from Kafka, generate span metrics and service graphs, remote-write them; serves /metrics, /ready, /live, /status and the TraceQL metrics API.");
        var expandEnv = ExpandEnvOption.Create();
        command.Options.Add(config);
        command.Options.Add(expandEnv);
        command.SetAction(async (result, cancellationToken) =>
        {
            WorkerConfig loaded;
            try
            {
                loaded = WorkerConfigLoader.LoadFile(
                    result.GetValue(config)!.FullName, EnvironmentOverrides.FromProcess(), result.GetValue(expandEnv) ? EnvironmentExpansion.FromProcess() : null);
            }
            catch (ConfigException e)
            {
                foreach (var problem in e.Errors)
                {
                    await Console.Error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
                }

                return ExitCodes.Usage;
            }

            return await RunAsync(loaded, applicationId: null, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(WorkerConfig config, string? applicationId, CancellationToken cancellationToken)
    {
        using var composition = WorkerComposition.Create(config, TimeProvider.System, applicationId);
        composition.Tenants.Start();
        await using var sinks = composition.Sinks;
        var builder = Host.CreateApplicationBuilder();
        WorkerLogging.Configure(builder.Logging, config.Server.LogLevel, config.Server.LogFormat);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = config.RemoteWrite.FlushDeadline + TimeSpan.FromSeconds(30));
        var description = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkerHostedService? worker = null;
        builder.Services.AddHostedService(services => worker = new WorkerHostedService(
            composition.Options,
            async stopping =>
            {
                var loggers = services.GetRequiredService<ILoggerFactory>();
                var probe = new InputTopicsProbe(config.Kafka.BootstrapServers, config.Kafka.ClientConfig, loggers.CreateLogger<InputTopicsProbe>(), new KafkaClientLog(loggers));
                var partitions = await probe.WaitAsync(config.Kafka.Topics.Select(t => t.Name).ToList(), stopping).ConfigureAwait(false);
                return composition.UseInputPartitions(partitions);
            },
            new AdminTopicProvisioner(config.Kafka.BootstrapServers, config.Kafka.ClientConfig, new KafkaClientLog(services.GetRequiredService<ILoggerFactory>())),
            composition.Status,
            sinks,
            config.RemoteWrite.FlushDeadline,
            services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<IHostApplicationLifetime>(),
            worker => description.TrySetResult(worker.TopologyDescription)));
        using var host = builder.Build();
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunCommand));
        LogIgnored(config, log);
        foreach (var warning in composition.Tenants.BlocksWithoutProcessors())
        {
            log.LogWarning("config: {Warning}", warning);
        }

        var http = await WorkerHttpServer.StartAsync(config.Server.ListenAddress, endpoints =>
        {
            endpoints.MapHealth(composition.Status, "(the topology description appears once the stream has started)\n", TimeSpan.FromMinutes(5));
            var query = new TraceQLMetricsOptions { CompleteBlockTimeout = composition.LocalBlocks.Options.CompleteBlockTimeout };
            TraceQLMetricsEndpoints.Map(endpoints, new TraceQLMetricsQueryService(composition.LocalBlocks, query, TimeProvider.System));
            TempoStatusEndpoints.Map(endpoints);
            TempoSearchEndpoints.Map(endpoints, composition.LocalBlocks);
        }, cancellationToken).ConfigureAwait(false);
        await using (http.ConfigureAwait(false))
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        if (worker is { StreamLeftBehind: true })
        {
            // The stream's threads are foreground threads still waiting for Kafka: returning would not end the process.
            await Console.Error.WriteLineAsync("error: the Kafka stream did not stop within the flush deadline (Kafka does not answer); exiting without its final commit").ConfigureAwait(false);
            Environment.Exit(Environment.ExitCode == 0 ? ExitCodes.Failure : Environment.ExitCode);
        }

        return Environment.ExitCode;
    }

    /// <summary>One info line per Tempo key the file sets for machinery the worker replaces, naming it and why.</summary>
    public static void LogIgnored(WorkerConfig config, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var ignored in config.Ignored)
        {
            log.LogInformation("config: {Key} is ignored: {Reason}", ignored.Path, ignored.Message);
        }
    }
}
