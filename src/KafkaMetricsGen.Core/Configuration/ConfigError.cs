namespace KafkaMetricsGen.Core.Configuration;

/// <summary>One configuration problem: the full key path (<c>a.b[0].c</c>) and what is wrong or allowed there.</summary>
public readonly record struct ConfigError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : Path + ": " + Message;
}
