namespace KafkaMetricsGen.Logging;

/// <summary>Log output formats, Tempo's <c>server.log_format</c> values.</summary>
public static class LogFormats
{
    /// <summary>One <c>key=value</c> line per event (the default, as in Tempo).</summary>
    public const string Logfmt = "logfmt";

    /// <summary>One JSON object per line, for log collectors.</summary>
    public const string Json = "json";
}
