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

    /// <summary>Tempo's gRPC server keys: a pasted tempo.yaml sets them, the worker has no gRPC server.</summary>
    public static readonly IReadOnlyList<string> TempoGrpcKeys =
    [
        "grpc_listen_address", "grpc_listen_port", "grpc_listen_network", "grpc_server_max_recv_msg_size",
        "grpc_server_max_send_msg_size", "grpc_server_max_concurrent_streams", "grpc_server_max_connection_idle",
        "grpc_server_max_connection_age", "grpc_server_max_connection_age_grace", "grpc_server_keepalive_time",
        "grpc_server_keepalive_timeout", "grpc_server_min_time_between_pings", "grpc_server_ping_without_stream_allowed",
        "grpc_tls_config",
    ];

    /// <summary>Tempo's other HTTP server tuning keys, which the worker's small HTTP server does not take.</summary>
    public static readonly IReadOnlyList<string> TempoHttpTuningKeys =
    [
        "http_listen_network", "http_server_read_timeout", "http_server_read_header_timeout", "http_server_write_timeout",
        "http_server_idle_timeout", "http_tls_config", "http_path_prefix", "graceful_shutdown_timeout",
        "register_instrumentation", "log_source_ips_enabled", "log_request_headers", "log_request_at_info_level_enabled",
        "tls_cipher_suites", "tls_min_version",
    ];

    public const string GrpcReason = "the worker has no gRPC server: spans come from Kafka";
    public const string HttpTuningReason = "the worker's HTTP endpoints (metrics, health, Tempo API) run with fixed server settings";

    public static readonly SectionSchema Schema = new(
        [
            ConfigField.Of(HttpListenAddressKey, ConfigSchema.String, ServerDefaults.HttpListenAddress),
            ConfigField.Of(HttpListenPortKey, ConfigSchema.NonNegativeInt.Where(static n => ConfigScalars.ParseInt(n.Value!) <= 65535, "must be a TCP port (0-65535)"), (long)ServerDefaults.HttpListenPort),
            ConfigField.Of(LogLevelKey, ConfigSchema.OneOf("log level", "debug", "info", "warn", "error"), ServerDefaults.LogLevel),
            ConfigField.Of(LogFormatKey, ConfigSchema.OneOf("log format", Logging.LogFormats.Logfmt, Logging.LogFormats.Json), ServerDefaults.LogFormat),
            .. TempoGrpcKeys.Select(static k => ConfigField.Of(k, ConfigSchema.Ignored(GrpcReason))),
            .. TempoHttpTuningKeys.Select(static k => ConfigField.Of(k, ConfigSchema.Ignored(HttpTuningReason))),
        ]);

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
