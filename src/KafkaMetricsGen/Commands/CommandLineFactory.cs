using System.CommandLine;

namespace KafkaMetricsGen.Commands;

/// <summary>The command tree. Each command lives in its own file and is only listed here once it works.</summary>
public static class CommandLineFactory
{
    public static RootCommand Create()
    {
        var root = new RootCommand("KafkaMetricsGen: Tempo-compatible span metrics and service graphs from traces in Kafka.");
        root.Subcommands.Add(BrokerCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ConfigCheckCommand.Create());
        root.Subcommands.Add(ProcessCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(TopologyCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }
}
