using KafkaMetricsGen.Core.Telemetry;
using Prometheus;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>The remote-write self-metrics (names in <see cref="RemoteWriteMetricNames"/>).</summary>
public static class RemoteWriteMetrics
{
    private static readonly string[] TenantRemote = [SelfMetricLabels.Tenant, RemoteWriteMetricNames.LabelRemoteName];

    public static readonly Counter SamplesSent = Metrics.CreateCounter(RemoteWriteMetricNames.SamplesSent, "Samples sent (2xx).", TenantRemote);
    public static readonly Counter ExemplarsSent = Metrics.CreateCounter(RemoteWriteMetricNames.ExemplarsSent, "Exemplars sent (2xx).", TenantRemote);
    public static readonly Counter HistogramsSent = Metrics.CreateCounter(RemoteWriteMetricNames.HistogramsSent, "Native histograms sent (2xx).", TenantRemote);
    public static readonly Counter SamplesFailed = Metrics.CreateCounter(RemoteWriteMetricNames.SamplesFailed, "Items rejected with a non-retryable status.", TenantRemote);
    public static readonly Counter SamplesRetried = Metrics.CreateCounter(RemoteWriteMetricNames.SamplesRetried, "Items of failed attempts that were retried.", TenantRemote);
    public static readonly Counter SamplesDropped = Metrics.CreateCounter(RemoteWriteMetricNames.SamplesDropped, "Items dropped: outage buffer full or flush deadline passed.", TenantRemote);
    public static readonly Gauge SamplesPending = Metrics.CreateGauge(RemoteWriteMetricNames.SamplesPending, "Items waiting to be sent.", TenantRemote);
    public static readonly Gauge PendingWindows = Metrics.CreateGauge(RemoteWriteMetricNames.PendingWindows, "Windows waiting to be sent.", TenantRemote);
    public static readonly Counter V1Fallbacks = Metrics.CreateCounter(RemoteWriteMetricNames.V1Fallbacks, "Times a remote write 2.0 endpoint was found to speak only 1.0 and switched to it.", TenantRemote);
    public static readonly Gauge HighestSentTimestamp = Metrics.CreateGauge(RemoteWriteMetricNames.HighestSentTimestamp, "Newest timestamp sent, in seconds.", TenantRemote);

    public static readonly Counter Requests = Metrics.CreateCounter(
        RemoteWriteMetricNames.Requests, "Remote-write requests by status.", SelfMetricLabels.Tenant, RemoteWriteMetricNames.LabelRemoteName, RemoteWriteMetricNames.LabelStatus);
}
