using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// One Prometheus <c>remote_write</c> entry under <c>metrics_generator.storage.remote_write</c>. Every key Prometheus
/// documents is here: the ones the sink implements are typed, and the others are refused when set, naming the key and
/// why, so a pasted Tempo configuration never loads with a setting silently ignored.
/// </summary>
public static class RemoteWriteSchema
{
    public const string Url = "url";
    public const string Name = "name";
    public const string Headers = "headers";
    public const string RemoteTimeout = "remote_timeout";
    public const string SendExemplars = "send_exemplars";
    public const string SendNativeHistograms = "send_native_histograms";
    public const string BasicAuth = "basic_auth";
    public const string Username = "username";
    public const string UsernameFile = "username_file";
    public const string Password = "password";
    public const string PasswordFile = "password_file";
    public const string Authorization = "authorization";
    public const string Type = "type";
    public const string Credentials = "credentials";
    public const string CredentialsFile = "credentials_file";
    public const string TlsConfig = "tls_config";
    public const string Ca = "ca";
    public const string CaFile = "ca_file";
    public const string Cert = "cert";
    public const string CertFile = "cert_file";
    public const string Key = "key";
    public const string KeyFile = "key_file";
    public const string ServerName = "server_name";
    public const string InsecureSkipVerify = "insecure_skip_verify";
    public const string MinVersion = "min_version";
    public const string MaxVersion = "max_version";
    public const string ProxyUrl = "proxy_url";
    public const string NoProxy = "no_proxy";
    public const string ProxyFromEnvironment = "proxy_from_environment";
    public const string FollowRedirects = "follow_redirects";
    public const string EnableHttp2 = "enable_http2";
    public const string QueueConfig = "queue_config";
    public const string MaxSamplesPerSend = "max_samples_per_send";
    public const string MinBackoff = "min_backoff";
    public const string MaxBackoff = "max_backoff";
    public const string RetryOnHttp429 = "retry_on_http_429";
    public const string SampleAgeLimit = "sample_age_limit";
    public const string MaxPendingWindows = "max_pending_windows";
    public const string Capacity = "capacity";
    public const string MaxShards = "max_shards";
    public const string MinShards = "min_shards";
    public const string MetadataConfig = "metadata_config";
    public const string WriteRelabelConfigs = "write_relabel_configs";
    public const string SourceLabels = "source_labels";
    public const string Separator = "separator";
    public const string TargetLabel = "target_label";
    public const string Regex = "regex";
    public const string Modulus = "modulus";
    public const string Replacement = "replacement";
    public const string Action = "action";
    public const string Send = "send";
    public const string ProtobufMessage = "protobuf_message";
    public const string OAuth2 = "oauth2";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";
    public const string ClientSecretFile = "client_secret_file";
    public const string TokenUrl = "token_url";
    public const string Scopes = "scopes";
    public const string EndpointParams = "endpoint_params";
    public const string SigV4 = "sigv4";
    public const string Region = "region";
    public const string AccessKey = "access_key";
    public const string SecretKey = "secret_key";
    public const string Profile = "profile";
    public const string RoleArn = "role_arn";

    /// <summary>The remote write 1.0 message (the default).</summary>
    public const string ProtobufMessageV1 = "prometheus.WriteRequest";

    /// <summary>The remote write 2.0 message.</summary>
    public const string ProtobufMessageV2 = "io.prometheus.write.v2.Request";

    public static readonly SectionSchema BasicAuthSchema = new(
        ConfigField.Of(Username, ConfigSchema.String),
        ConfigField.Of(UsernameFile, ConfigSchema.String),
        ConfigField.Of(Password, ConfigSchema.String),
        ConfigField.Of(PasswordFile, ConfigSchema.String));

    // Optional blocks carry no defaults: a block with defaults would appear (and act) in every entry.
    public static readonly SectionSchema AuthorizationSchema = new(
        ConfigField.Of(Type, ConfigSchema.String),
        ConfigField.Of(Credentials, ConfigSchema.String),
        ConfigField.Of(CredentialsFile, ConfigSchema.String));

    public static readonly SectionSchema TlsSchema = new(
        ConfigField.Of(Ca, ConfigSchema.String),
        ConfigField.Of(CaFile, ConfigSchema.String),
        ConfigField.Of(Cert, ConfigSchema.String),
        ConfigField.Of(CertFile, ConfigSchema.String),
        ConfigField.Of(Key, ConfigSchema.String),
        ConfigField.Of(KeyFile, ConfigSchema.String),
        ConfigField.Of(ServerName, ConfigSchema.String),
        ConfigField.Of(InsecureSkipVerify, ConfigSchema.Bool),
        ConfigField.Of(MinVersion, ConfigSchema.OneOf("TLS version", [.. TlsVersions.Names])),
        ConfigField.Of(MaxVersion, ConfigSchema.OneOf("TLS version", [.. TlsVersions.Names])));

    private const string NoStsReason = "assuming a role needs AWS STS (AssumeRole), which is not implemented; assume it outside the worker and pass the temporary credentials through AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN or a profile";

    /// <summary>Prometheus' <c>oauth2</c> (client credentials), with the token endpoint's own transport settings.</summary>
    public static readonly SectionSchema OAuth2Schema = new(
        ConfigField.Of(ClientId, ConfigSchema.String),
        ConfigField.Of(ClientSecret, ConfigSchema.String),
        ConfigField.Of(ClientSecretFile, ConfigSchema.String),
        ConfigField.Of("client_secret_ref", Refused("secret references need a secret provider, which is not configured here; use client_secret_file")),
        ConfigField.Of(Scopes, ConfigSchema.StringList),
        ConfigField.Of(TokenUrl, ConfigSchema.String.Where(static n => IsHttpUrl(n.Value!), "must be an absolute http:// or https:// URL")),
        ConfigField.Of(EndpointParams, ConfigSchema.StringMap),
        ConfigField.Of(TlsConfig, TlsSchema),
        ConfigField.Of(ProxyUrl, ConfigSchema.String),
        ConfigField.Of(NoProxy, ConfigSchema.String),
        ConfigField.Of(ProxyFromEnvironment, ConfigSchema.Bool),
        ConfigField.Of("proxy_connect_header", Refused("headers for the proxy's CONNECT request are not implemented; put credentials in proxy_url (http://user:password@proxy)")));

    /// <summary>Prometheus' <c>sigv4</c>: AWS Signature Version 4 for Amazon Managed Service for Prometheus.</summary>
    public static readonly SectionSchema SigV4Schema = new(
        ConfigField.Of(Region, ConfigSchema.String),
        ConfigField.Of(AccessKey, ConfigSchema.String),
        ConfigField.Of(SecretKey, ConfigSchema.String),
        ConfigField.Of(Profile, ConfigSchema.String),
        ConfigField.Of(RoleArn, Refused(NoStsReason)),
        ConfigField.Of("external_id", Refused(NoStsReason)),
        ConfigField.Of("use_fips_sts_endpoint", Refused(NoStsReason)));

    /// <summary>Prometheus' <c>queue_config</c>, plus our <c>max_pending_windows</c>.</summary>
    public static readonly SectionSchema QueueConfigSchema = new(
        ConfigField.Of(MaxSamplesPerSend, ConfigSchema.PositiveInt, (long)RemoteWriteDefaults.MaxSamplesPerSend),
        ConfigField.Of(MinBackoff, ConfigSchema.Duration, TimeSpan.FromMilliseconds(RemoteWriteDefaults.MinBackoffMilliseconds)),
        ConfigField.Of(MaxBackoff, ConfigSchema.Duration, TimeSpan.FromMilliseconds(RemoteWriteDefaults.MaxBackoffMilliseconds)),
        ConfigField.Of(RetryOnHttp429, ConfigSchema.Bool, RemoteWriteDefaults.RetryOnHttp429),
        ConfigField.Of(SampleAgeLimit, ConfigSchema.NonNegativeDuration, TimeSpan.Zero),
        ConfigField.Of(MaxPendingWindows, ConfigSchema.PositiveInt, (long)RemoteWriteDefaults.MaxPendingWindows),
        ConfigField.Of(Capacity, ConfigSchema.PositiveInt, (long)RemoteWriteDefaults.Capacity),
        ConfigField.Of(MaxShards, ConfigSchema.PositiveInt, (long)RemoteWriteDefaults.MaxShards),
        ConfigField.Of(MinShards, ConfigSchema.PositiveInt, (long)RemoteWriteDefaults.MinShards),
        ConfigField.Of("batch_send_deadline", Refused("a window is sent as soon as it closes; there is no batching delay to bound")));

    public static readonly SectionSchema MetadataConfigSchema = new(
        ConfigField.Of(Send, ConfigSchema.Bool.Where(static n => !ConfigScalars.TryParseBool(n.Value!, out var send) || !send, "metric metadata is not sent; set send: false or remove metadata_config")),
        ConfigField.Of("send_interval", Refused("metric metadata is not sent")),
        ConfigField.Of("max_samples_per_send", Refused("metric metadata is not sent")));

    /// <summary>One <c>write_relabel_configs</c> rule (Prometheus' relabel_config).</summary>
    public static readonly SectionSchema RelabelSchema = new(
        ConfigField.Of(SourceLabels, ConfigSchema.StringList),
        ConfigField.Of(Separator, ConfigSchema.String),
        ConfigField.Of(TargetLabel, ConfigSchema.String),
        ConfigField.Of(Regex, ConfigSchema.String),
        ConfigField.Of(Modulus, ConfigSchema.PositiveInt),
        ConfigField.Of(Replacement, ConfigSchema.String),
        ConfigField.Of(Action, ConfigSchema.OneOf("relabel action", [.. RelabelConfig.Actions])));

    /// <summary>One <c>remote_write</c> entry.</summary>
    public static readonly SectionSchema Entry = new(
        ConfigField.Of(Url, ConfigSchema.String.Where(static n => IsHttpUrl(n.Value!), "must be an absolute http:// or https:// URL")),
        ConfigField.Of(Name, ConfigSchema.String),
        ConfigField.Of(Headers, ConfigSchema.StringMap),
        ConfigField.Of(RemoteTimeout, ConfigSchema.Duration, TimeSpan.FromSeconds(RemoteWriteDefaults.RemoteTimeoutSeconds)),
        ConfigField.Of(SendExemplars, ConfigSchema.Bool, true),
        ConfigField.Of(SendNativeHistograms, ConfigSchema.Bool, true),
        ConfigField.Of(BasicAuth, BasicAuthSchema),
        ConfigField.Of(Authorization, AuthorizationSchema),
        ConfigField.Of(TlsConfig, TlsSchema),
        ConfigField.Of(ProxyUrl, ConfigSchema.String),
        ConfigField.Of(NoProxy, ConfigSchema.String),
        ConfigField.Of(ProxyFromEnvironment, ConfigSchema.Bool, false),
        ConfigField.Of(FollowRedirects, ConfigSchema.Bool, true),
        ConfigField.Of(EnableHttp2, ConfigSchema.Bool, true),
        ConfigField.Of(QueueConfig, QueueConfigSchema),
        ConfigField.Of(WriteRelabelConfigs, ConfigSchema.ListOf(RelabelSchema)),
        ConfigField.Of(MetadataConfig, MetadataConfigSchema),
        ConfigField.Of(ProtobufMessage, ConfigSchema.OneOf("remote write message", [ProtobufMessageV1, ProtobufMessageV2]), ProtobufMessageV1),
        ConfigField.Of(OAuth2, OAuth2Schema),
        ConfigField.Of(SigV4, SigV4Schema),
        ConfigField.Of("azuread", Refused("Azure AD authentication needs an Azure identity (managed identity, OAuth client or SDK credentials), which is not implemented; use oauth2 with Azure AD's token endpoint, or authorization with a token in credentials_file")),
        ConfigField.Of("google_iam", Refused("Google IAM authentication is not implemented; use authorization with a token in credentials_file")),
        ConfigField.Of("round_robin_dns", Refused("the system resolver picks the address; round-robin DNS dialing is not implemented")),
        ConfigField.Of("proxy_connect_header", Refused("headers for the proxy's CONNECT request are not implemented; put credentials in proxy_url (http://user:password@proxy)")),
        ConfigField.Of("http_headers", Refused("use headers (values inline; per-tenant values in overrides remote_write_headers)")));

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>A key refused whenever it is set, with the reason.</summary>
    public static ConfigSchema Refused(string reason) => new RefusedSchema(reason);

    /// <summary>True for a key that is refused whenever it is set (the key list test reads it).</summary>
    public static bool IsRefused(ConfigSchema schema) => schema is RefusedSchema;

    private sealed class RefusedSchema(string reason) : ConfigSchema
    {
        public override string Expected => "nothing (not supported)";

        protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors) =>
            errors.Add(path, "not supported: " + reason);
    }
}
