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

    /// <summary>YAML <c>capacity</c>: items buffered per shard; the queue keeps at most <c>capacity × max_shards</c>
    /// items pending, dropping (and counting) its oldest windows past that. The newest window is always kept.</summary>
    public int Capacity { get; set; } = RemoteWriteDefaults.Capacity;

    /// <summary>YAML <c>max_shards</c>: requests of one window sent in parallel while windows are backing up.</summary>
    public int MaxShards { get; set; } = RemoteWriteDefaults.MaxShards;

    /// <summary>YAML <c>min_shards</c>: requests of one window sent in parallel while the queue is caught up.</summary>
    public int MinShards { get; set; } = RemoteWriteDefaults.MinShards;

    /// <summary>The most items the queue keeps pending.</summary>
    public long MaxPendingItems => (long)Capacity * MaxShards;

    internal void Validate(string path)
    {
        if (Capacity <= 0)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.Capacity}: must be positive");
        }

        if (MinShards <= 0)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.MinShards}: must be positive");
        }

        if (MaxShards < MinShards)
        {
            throw new ArgumentException($"{path}.{RemoteWriteConfigKeys.MaxShards}: must not be less than min_shards ({MinShards})");
        }

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
