namespace KafkaMetricsGen.Core.Configuration;

/// <summary>Thrown when configuration is invalid; carries every problem found, one per line in the message.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ConfigException(string path, string message)
        : this([new ConfigError(path, message)])
    {
    }

    public ConfigException()
        : this([])
    {
    }

    public ConfigException(string message)
        : this(string.Empty, message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ConfigError(string.Empty, message)];
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}
