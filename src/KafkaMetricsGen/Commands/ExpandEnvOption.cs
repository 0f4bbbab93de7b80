using System.CommandLine;

namespace KafkaMetricsGen.Commands;

/// <summary>Tempo's <c>-config.expand-env</c> flag, spelled <c>--config.expand-env</c>.</summary>
public static class ExpandEnvOption
{
    public const string Name = "--config.expand-env";

    public static Option<bool> Create() => new(Name)
    {
        Description = "Replace ${VAR}, ${VAR:-default} and $VAR in the config file with environment variables before reading it (Tempo's -config.expand-env)",
    };
}
