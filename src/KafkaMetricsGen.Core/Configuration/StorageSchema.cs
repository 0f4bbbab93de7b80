using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Core.Configuration;


/// <summary><c>metrics_generator.storage</c> keys and defaults (spec §4.8), with Prometheus' <c>remote_write</c> items.</summary>
public static class StorageSchema
{
    public const string Path = "path";
    public const string Wal = "wal";
    public const string RemoteWriteFlushDeadline = "remote_write_flush_deadline";
    public const string RemoteWriteAddOrgIdHeader = "remote_write_add_org_id_header";
    public const string RemoteWrite = "remote_write";

    public const string Url = "url";
    public const string Name = "name";
    public const string Headers = "headers";
    public const string RemoteTimeout = "remote_timeout";
    public const string SendExemplars = "send_exemplars";
    public const string SendNativeHistograms = "send_native_histograms";
    public const string BasicAuth = "basic_auth";
    public const string Username = "username";
    public const string Password = "password";
    public const string PasswordFile = "password_file";
    public const string QueueConfig = "queue_config";
    public const string MaxSamplesPerSend = "max_samples_per_send";
    public const string MinBackoff = "min_backoff";
    public const string MaxBackoff = "max_backoff";
    public const string MaxPendingWindows = "max_pending_windows";

    /// <summary>Why Tempo's remote-write WAL keys are ignored.</summary>
    public const string NoWalReason =
        "the worker keeps no remote-write WAL: a window stays in the Kafka-backed state store until the receiver accepts it";

    /// <summary>Prometheus' <c>queue_config</c>: the keys the sink honours are typed, the others accepted and ignored.</summary>
    public static readonly SectionSchema QueueConfigSchema = new(
        ConfigField.Of(MaxSamplesPerSend, ConfigSchema.PositiveInt, (long)RemoteWriteDefaults.MaxSamplesPerSend),
        ConfigField.Of(MinBackoff, ConfigSchema.Duration, TimeSpan.FromMilliseconds(RemoteWriteDefaults.MinBackoffMilliseconds)),
        ConfigField.Of(MaxBackoff, ConfigSchema.Duration, TimeSpan.FromMilliseconds(RemoteWriteDefaults.MaxBackoffMilliseconds)),
        ConfigField.Of(MaxPendingWindows, ConfigSchema.PositiveInt, (long)RemoteWriteDefaults.MaxPendingWindows),
        ConfigField.Of("capacity", ConfigSchema.Int),
        ConfigField.Of("max_shards", ConfigSchema.Int),
        ConfigField.Of("min_shards", ConfigSchema.Int),
        ConfigField.Of("batch_send_deadline", ConfigSchema.Duration),
        ConfigField.Of("retry_on_http_429", ConfigSchema.Bool),
        ConfigField.Of("sample_age_limit", ConfigSchema.Duration));

    public static readonly SectionSchema BasicAuthSchema = new(
        ConfigField.Of(Username, ConfigSchema.String),
        ConfigField.Of(Password, ConfigSchema.String),
        ConfigField.Of(PasswordFile, ConfigSchema.String));

    /// <summary>
    /// One Prometheus <c>remote_write</c> entry. The keys the worker uses are typed; the rest of Prometheus' keys are
    /// accepted so Tempo configurations load unchanged, and are ignored.
    /// </summary>
    public static readonly SectionSchema RemoteWriteEntry = new(
        ConfigField.Of(Url, ConfigSchema.String.Where(static n => IsHttpUrl(n.Value!), "must be an absolute http:// or https:// URL")),
        ConfigField.Of(Name, ConfigSchema.String),
        ConfigField.Of(Headers, ConfigSchema.StringMap),
        ConfigField.Of(RemoteTimeout, ConfigSchema.Duration, TimeSpan.FromSeconds(RemoteWriteDefaults.RemoteTimeoutSeconds)),
        ConfigField.Of(SendExemplars, ConfigSchema.Bool),
        ConfigField.Of(SendNativeHistograms, ConfigSchema.Bool),
        ConfigField.Of(BasicAuth, BasicAuthSchema),
        ConfigField.Of("authorization", ConfigSchema.Any),
        ConfigField.Of("oauth2", ConfigSchema.Any),
        ConfigField.Of("sigv4", ConfigSchema.Any),
        ConfigField.Of("azuread", ConfigSchema.Any),
        ConfigField.Of("tls_config", ConfigSchema.Any),
        ConfigField.Of("proxy_url", ConfigSchema.String),
        ConfigField.Of("follow_redirects", ConfigSchema.Bool),
        ConfigField.Of("enable_http2", ConfigSchema.Bool),
        ConfigField.Of(QueueConfig, QueueConfigSchema),
        ConfigField.Of("metadata_config", ConfigSchema.Any),
        ConfigField.Of("write_relabel_configs", ConfigSchema.Any),
        ConfigField.Of("protobuf_message", ConfigSchema.String),
        ConfigField.Of("round_robin_dns", ConfigSchema.Bool));

    public static readonly SectionSchema Section = new(
        ConfigField.Of(Path, ConfigSchema.Ignored(NoWalReason)),
        ConfigField.Of(Wal, ConfigSchema.Ignored(NoWalReason)),
        ConfigField.Of(RemoteWriteFlushDeadline, ConfigSchema.NonNegativeDuration, TimeSpan.FromMinutes(1)),
        ConfigField.Of(RemoteWriteAddOrgIdHeader, ConfigSchema.Bool, true),
        new ConfigField(RemoteWrite, ConfigSchema.ListOf(RemoteWriteEntry.Where(static n => n.Has(Url), "url is required")), ConfigNode.List()));

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
