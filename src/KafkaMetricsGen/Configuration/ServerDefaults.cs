namespace KafkaMetricsGen.Configuration;

/// <summary>Defaults of the <c>server:</c> section.</summary>
public static class ServerDefaults
{
    public const string HttpListenAddress = "0.0.0.0";

    /// <summary>TCP port of <c>/metrics</c>, <c>/ready</c>, <c>/live</c> and the query API.</summary>
    public const int HttpListenPort = 8080;

    public const string LogLevel = "info";

    /// <summary>Tempo's default <c>server.log_format</c>.</summary>
    public const string LogFormat = Logging.LogFormats.Logfmt;
}
