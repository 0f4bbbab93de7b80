using KafkaMetricsGen.Streams.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaMetricsGen.Http;

/// <summary>
/// <c>/live</c> (the stream has not failed), <c>/ready</c> (RUNNING, Kafka answering and remote write not failing for
/// longer than the threshold), <c>/status</c> (JSON) and <c>/status/topology</c> (the topology description as text).
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints, WorkerStatus status, string topologyDescription, TimeSpan remoteWriteFailureThreshold)
    {
        endpoints.MapGet(HttpPaths.Live, () => status.IsLive
            ? Results.Text("live\n")
            : Results.Text(status.IsStalled ? $"not live: stream thread silent since {status.LastStreamHeartbeat:O}\n" : $"not live: {status.State} {status.Error}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapGet(HttpPaths.Ready, () => status.IsReady(remoteWriteFailureThreshold)
            ? Results.Text("ready\n")
            : Results.Text(NotReadyReason(status, remoteWriteFailureThreshold), statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapGet(HttpPaths.Status, () => Results.Json(new
        {
            state = status.State,
            error = status.Error,
            assignedPartitions = status.AssignedPartitions,
            lag = status.Lag.Select(l => new { topic = l.Topic, partition = l.Partition, records = l.Records, seconds = l.Seconds }).ToArray(),
            tenants = status.LastWindowClosedMs.Keys.Order(StringComparer.Ordinal).ToArray(),
            lastWindowClosed = status.LastWindowClosedMs.ToDictionary(kv => kv.Key, kv => DateTimeOffset.FromUnixTimeMilliseconds(kv.Value).ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            remoteWriteBacklogWindows = status.PendingWindows,
            remoteWriteFailingSeconds = status.RemoteWriteFailingFor.TotalSeconds,
            lastStreamHeartbeat = status.LastStreamHeartbeat?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }));
        endpoints.MapGet(HttpPaths.StatusTopology, () => Results.Text(topologyDescription));
        return endpoints;
    }

    private static string NotReadyReason(WorkerStatus status, TimeSpan threshold) =>
        status.State != StreamStates.Running ? $"not ready: stream is {status.State}\n"
        : status.KafkaUnreachableFor > TimeSpan.Zero ? $"not ready: Kafka has not answered for {status.KafkaUnreachableFor.TotalSeconds:F0}s\n"
        : $"not ready: remote write failing for {status.RemoteWriteFailingFor.TotalSeconds:F0}s (threshold {threshold.TotalSeconds:F0}s)\n";
}
