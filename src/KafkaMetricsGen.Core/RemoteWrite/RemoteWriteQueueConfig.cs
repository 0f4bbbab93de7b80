namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>A remote-write entry's <c>queue_config</c> block (the keys this sink honours).</summary>
public sealed class RemoteWriteQueueConfig
{
    /// <summary>YAML <c>max_samples_per_send</c>: samples + exemplars + histograms per request.</summary>
    public int MaxSamplesPerSend { get; set; } = RemoteWriteDefaults.MaxSamplesPerSend;

    /// <summary>YAML <c>min_backoff</c>: the first retry wait.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(RemoteWriteDefaults.MinBackoffMilliseconds);

    /// <summary>YAML <c>max_backoff</c>: the retry wait doubles up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMilliseconds(RemoteWriteDefaults.MaxBackoffMilliseconds);

    /// <summary>YAML <c>retry_on_http_429</c>: retry a 429 (Too Many Requests) with backoff; false counts it as failed.</summary>
    public bool RetryOnHttp429 { get; set; } = RemoteWriteDefaults.RetryOnHttp429;

    /// <summary>YAML <c>sample_age_limit</c>: a window older than this when it is (re)sent is dropped and counted; zero keeps every age.</summary>
    public TimeSpan SampleAgeLimit { get; set; }

    /// <summary>YAML <c>max_pending_windows</c> (not in Prometheus): the outage buffer, in windows.</summary>
    public int MaxPendingWindows { get; set; } = RemoteWriteDefaults.MaxPendingWindows;

    internal void Validate(string path)
    {
        if (MaxSamplesPerSend <= 0)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.MaxSamplesPerSend}: must be positive");
        }

        if (MinBackoff <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.MinBackoff}: must be positive");
        }

        if (MaxBackoff < MinBackoff)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.MaxBackoff}: must not be less than min_backoff");
        }

        if (SampleAgeLimit < TimeSpan.Zero)
        {
            throw new ArgumentException($"{path}.queue_config.sample_age_limit: must not be negative");
        }

        if (MaxPendingWindows <= 0)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.MaxPendingWindows}: must be positive");
        }
    }
}
