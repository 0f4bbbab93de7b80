using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Configuration;

/// <summary>The <c>server:</c> section (Tempo's key names): where the HTTP endpoints listen.</summary>
public sealed class ServerOptions
{
    public const string SectionKey = "server";
    public const string HttpListenAddressKey = "http_listen_address";
    public const string HttpListenPortKey = "http_listen_port";
    public const string LogLevelKey = "log_level";
    public const string LogFormatKey = "log_format";

    public static readonly SectionSchema Schema = new(
        ConfigField.Of(HttpListenAddressKey, ConfigSchema.String, ServerDefaults.HttpListenAddress),
        ConfigField.Of(HttpListenPortKey, ConfigSchema.NonNegativeInt.Where(static n => ConfigScalars.ParseInt(n.Value!) <= 65535, "must be a TCP port (0-65535)"), (long)ServerDefaults.HttpListenPort),
        ConfigField.Of(LogLevelKey, ConfigSchema.OneOf("log level", "debug", "info", "warn", "error"), ServerDefaults.LogLevel),
        ConfigField.Of(LogFormatKey, ConfigSchema.OneOf("log format", Logging.LogFormats.Logfmt, Logging.LogFormats.Json), ServerDefaults.LogFormat));

    /// <summary><c>http_listen_address</c>: host or IP to bind.</summary>
    public string HttpListenAddress { get; init; } = ServerDefaults.HttpListenAddress;

    /// <summary><c>http_listen_port</c>: 0 picks a free port.</summary>
    public int HttpListenPort { get; init; } = ServerDefaults.HttpListenPort;

    /// <summary><c>log_level</c>: debug, info, warn or error.</summary>
    public string LogLevel { get; init; } = ServerDefaults.LogLevel;

    /// <summary><c>log_format</c>: logfmt (one <c>key=value</c> line per event) or json (one object per line), as Tempo.</summary>
    public string LogFormat { get; init; } = ServerDefaults.LogFormat;

    /// <summary><c>host:port</c> as the HTTP server takes it.</summary>
    public string ListenAddress => HttpListenAddress + ":" + HttpListenPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static ServerOptions Bind(ConfigNode section) => new()
    {
        HttpListenAddress = section.GetString(HttpListenAddressKey, ServerDefaults.HttpListenAddress),
        HttpListenPort = (int)section.GetInt(HttpListenPortKey, ServerDefaults.HttpListenPort),
        LogLevel = section.GetString(LogLevelKey, ServerDefaults.LogLevel),
        LogFormat = section.GetString(LogFormatKey, ServerDefaults.LogFormat),
    };

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(HttpListenAddress))
        {
            throw new ConfigException("server." + HttpListenAddressKey, "must not be empty");
        }
    }
}
