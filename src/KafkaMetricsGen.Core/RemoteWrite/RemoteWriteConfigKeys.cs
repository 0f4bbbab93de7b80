namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>YAML key paths of the remote-write configuration, used in validation errors.</summary>
public static class RemoteWriteConfigKeys
{
    public const string Storage = "metrics_generator.storage";
    public const string RemoteWrite = Storage + ".remote_write";
    public const string FlushDeadline = Storage + ".remote_write_flush_deadline";
    public const string Url = "url";
    public const string Name = "name";
    public const string RemoteTimeout = "remote_timeout";
    public const string Headers = "headers";
    public const string BasicAuthUsername = "basic_auth.username";
    public const string BasicAuthPassword = "basic_auth.password";
    public const string MaxSamplesPerSend = "queue_config.max_samples_per_send";
    public const string MinBackoff = "queue_config.min_backoff";
    public const string MaxBackoff = "queue_config.max_backoff";
    public const string MaxPendingWindows = "queue_config.max_pending_windows";
    public const string Capacity = "queue_config.capacity";
    public const string MaxShards = "queue_config.max_shards";
    public const string MinShards = "queue_config.min_shards";
    public const string TenantOverrides = "overrides.metrics_generator";
    public const string TenantHeaders = TenantOverrides + ".remote_write_headers";
    public const string TenantUrl = TenantOverrides + ".remote_write_url";
}
