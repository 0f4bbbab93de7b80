namespace KafkaMetricsGen.Logging;

/// <summary>Log output formats (<c>KMG_LOG_FORMAT</c>).</summary>
public static class LogFormats
{
    /// <summary>One line per event, human readable (the default).</summary>
    public const string Console = "console";

    /// <summary>One JSON object per line, for log collectors.</summary>
    public const string Json = "json";

    /// <summary>The environment variable that selects the format.</summary>
    public const string EnvironmentVariable = "KMG_LOG_FORMAT";
}
