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
        ConfigField.Of(RemoteTimeout, ConfigSchema.Duration, TimeSpan.FromSeconds(30)),
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
        ConfigField.Of("queue_config", ConfigSchema.Any),
        ConfigField.Of("metadata_config", ConfigSchema.Any),
        ConfigField.Of("write_relabel_configs", ConfigSchema.Any),
        ConfigField.Of("protobuf_message", ConfigSchema.String),
        ConfigField.Of("round_robin_dns", ConfigSchema.Bool));

    public static readonly SectionSchema Section = new(
        ConfigField.Of(Path, ConfigSchema.String),
        ConfigField.Of(Wal, ConfigSchema.Any),
        ConfigField.Of(RemoteWriteFlushDeadline, ConfigSchema.NonNegativeDuration, TimeSpan.FromMinutes(1)),
        ConfigField.Of(RemoteWriteAddOrgIdHeader, ConfigSchema.Bool, true),
        new ConfigField(RemoteWrite, ConfigSchema.ListOf(RemoteWriteEntry.Where(static n => n.Has(Url), "url is required")), ConfigNode.List()));

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
