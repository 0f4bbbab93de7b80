namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Defaults of <c>metrics_generator.storage</c> remote write. Tempo uses Prometheus' default queue settings, so the
/// queue values are Prometheus' (<c>config.DefaultQueueConfig</c>); the pending-window bound is ours.
/// </summary>
public static class RemoteWriteDefaults
{
    /// <summary>Tempo's <c>remote_write_add_org_id_header</c>.</summary>
    public const bool AddOrgIdHeader = true;

    /// <summary>How long shutdown keeps sending pending windows (Tempo's <c>remote_write_flush_deadline</c>), in seconds.</summary>
    public const int FlushDeadlineSeconds = 60;

    /// <summary>Per-request HTTP timeout (<c>remote_timeout</c>), in seconds.</summary>
    public const int RemoteTimeoutSeconds = 30;

    /// <summary>Samples, exemplars and histograms per request (<c>queue_config.max_samples_per_send</c>).</summary>
    public const int MaxSamplesPerSend = 2000;

    /// <summary>First retry wait (<c>queue_config.min_backoff</c>), in milliseconds.</summary>
    public const int MinBackoffMilliseconds = 30;

    /// <summary>Longest retry wait without a Retry-After (<c>queue_config.max_backoff</c>), in milliseconds.</summary>
    public const int MaxBackoffMilliseconds = 5000;

    /// <summary>Retry a 429 (<c>queue_config.retry_on_http_429</c>). Ours: Prometheus defaults to false, which counts a
    /// rate-limited window as failed; a window is lost to rate limiting here only when asked.</summary>
    public const bool RetryOnHttp429 = true;

    /// <summary>
    /// Windows kept while the endpoint is unreachable (<c>queue_config.max_pending_windows</c>); one hour at the
    /// default 15 s collection interval. Past it the oldest window is dropped and counted.
    /// </summary>
    public const int MaxPendingWindows = 240;

    /// <summary>Items (samples, exemplars, histograms) buffered per shard (<c>queue_config.capacity</c>); the queue holds
    /// at most <c>capacity × max_shards</c> items before dropping its oldest windows.</summary>
    public const int Capacity = 10000;

    /// <summary>Requests of one window sent at once while windows are backing up (<c>queue_config.max_shards</c>).</summary>
    public const int MaxShards = 50;

    /// <summary>Requests of one window sent at once while the queue is caught up (<c>queue_config.min_shards</c>).</summary>
    public const int MinShards = 1;

    /// <summary>Tenant for which no <c>X-Scope-OrgID</c> is sent (Tempo's single-tenant mode).</summary>
    public const string SingleTenant = "single-tenant";
}
