namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Self-metric names of remote write. Tempo exposes Prometheus' own <c>prometheus_remote_storage_*</c> metrics wrapped
/// with a <c>tenant</c> label and its troubleshooting docs query those, so the same names and meanings are
/// kept here, labelled <c>tenant</c> and <c>remote_name</c>. Two have no Prometheus counterpart and are marked.
/// </summary>
public static class RemoteWriteMetricNames
{
    public const string SamplesSent = "prometheus_remote_storage_samples_total";
    public const string ExemplarsSent = "prometheus_remote_storage_exemplars_total";
    public const string HistogramsSent = "prometheus_remote_storage_histograms_total";

    /// <summary>Items (samples, exemplars, histograms) rejected with a non-retryable status.</summary>
    public const string SamplesFailed = "prometheus_remote_storage_samples_failed_total";

    /// <summary>Items of attempts that failed recoverably and were retried.</summary>
    public const string SamplesRetried = "prometheus_remote_storage_samples_retried_total";

    /// <summary>Items of windows dropped because the outage buffer was full, or unsent at the flush deadline.</summary>
    public const string SamplesDropped = "prometheus_remote_storage_samples_dropped_total";

    public const string SamplesPending = "prometheus_remote_storage_samples_pending";

    /// <summary>Newest sample timestamp that got a 2xx, in seconds.</summary>
    public const string HighestSentTimestamp = "prometheus_remote_storage_queue_highest_sent_timestamp_seconds";

    /// <summary>Ours: windows waiting to be sent.</summary>
    public const string PendingWindows = "prometheus_remote_storage_pending_windows";

    /// <summary>Ours: requests by outcome; <c>status</c> is the HTTP code or <see cref="StatusNetworkError"/> / <see cref="StatusTimeout"/>.</summary>
    public const string Requests = "prometheus_remote_storage_requests_total";

    /// <summary>Ours: a <c>protobuf_message: io.prometheus.write.v2.Request</c> endpoint switched to 1.0 (415, or a 2xx without the Written headers).</summary>
    public const string V1Fallbacks = "prometheus_remote_storage_v1_fallbacks_total";

    public const string LabelRemoteName = "remote_name";
    public const string LabelStatus = "status";
    public const string StatusNetworkError = "network_error";
    public const string StatusTimeout = "timeout";

    /// <summary>A <c>*_file</c> credential could not be read; the request was not sent.</summary>
    public const string StatusCredentialsError = "credentials_error";
}
