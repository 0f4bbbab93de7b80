using System.CommandLine;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.Hosting;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.TopologyDocs;

namespace KafkaMetricsGen.Commands;

/// <summary>
/// <c>topology [--config FILE] [--partitions N] [--write DIR]</c>: prints the worker's topology description for the
/// configured inputs (default: the demo's single otlp_proto topic) without contacting Kafka; <c>--write</c> writes
/// <c>topology.txt</c> and <c>topology.md</c> (Mermaid) instead.
/// </summary>
public static class TopologyCommand
{
    public const int ExitOk = 0;
    public const int ExitInvalid = 2;

    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Configuration file (its kafka.topics are the inputs); default: one otlp_proto topic" };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the inputs and internal topics", DefaultValueFactory = _ => TopologyDocsDefaults.Partitions };
        var write = new Option<string?>("--write") { Description = $"Write {TopologyDocsDefaults.DescriptionFile} and {TopologyDocsDefaults.MarkdownFile} into this folder instead of printing" };
        var command = new Command("topology", "Print the worker's stream topology (sub-topologies, processors, topics and stores) for the configured inputs.");
        command.Options.Add(config);
        command.Options.Add(partitions);
        command.Options.Add(write);
        command.SetAction((result, _) => Task.FromResult(Run(
            result.GetValue(config), result.GetValue(partitions), result.GetValue(write), EnvironmentOverrides.FromProcess(), Console.Out, Console.Error)));
        return command;
    }

    /// <summary>The command body, with its inputs and outputs passed in so tests need no console.</summary>
    public static int Run(string? configPath, int partitions, string? writeDirectory, IReadOnlyDictionary<string, string> environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        WorkerTopologySettings settings;
        try
        {
            settings = Settings(configPath, partitions, environment);
            settings.Validate();
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Errors)
            {
                error.WriteLine("error: " + problem);
            }

            return ExitInvalid;
        }
        catch (ArgumentException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitInvalid;
        }

        if (writeDirectory is null)
        {
            output.Write(TopologyDocuments.Description(settings));
            return ExitOk;
        }

        foreach (var path in TopologyDocuments.Write(writeDirectory, settings))
        {
            output.WriteLine("wrote " + path);
        }

        return ExitOk;
    }

    private static WorkerTopologySettings Settings(string? configPath, int partitions, IReadOnlyDictionary<string, string> environment)
    {
        if (configPath is null)
        {
            return TopologySettingsFactory.Create(TopologySettingsFactory.DefaultInputs, partitions);
        }

        var kafka = WorkerConfigLoader.LoadFile(configPath, environment).Kafka;
        return TopologySettingsFactory.Create(WorkerComposition.Inputs(kafka), partitions, kafka.TenantHeader, kafka.DefaultTenant);
    }
}
