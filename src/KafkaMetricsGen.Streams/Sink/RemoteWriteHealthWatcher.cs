using System.Runtime.CompilerServices;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// Feeds <see cref="WorkerStatus.RemoteWriteFailed"/> / <see cref="WorkerStatus.RemoteWriteSucceeded"/> from the
/// remote-write queues. A queue is failing from the moment it waits for a retry until it sends something (its highest
/// sent timestamp moves) or has nothing left; the status keeps the time of the first failure so /ready can tell how long.
/// The start and the end of an outage are logged as warnings with the backlog (windows and samples queued).
/// </summary>
public sealed class RemoteWriteHealthWatcher(RemoteWriteSinks sinks, WorkerStatus status, ILogger? logger = null)
{
    private readonly ConditionalWeakTable<RemoteWriteQueue, QueueHealth> _queues = [];
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private bool _failing;

    /// <summary>Samples every queue once (and refreshes the status' backlog figures); true while at least one is failing.</summary>
    public bool Check()
    {
        sinks.ReportBacklog();
        var failing = false;
        var windows = 0;
        var samples = 0L;
        var endpoints = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var queue in sinks.Queues)
        {
            windows += queue.PendingWindows;
            samples += queue.PendingSamples;
            var health = _queues.GetValue(queue, q => new QueueHealth { HighestSentMs = q.HighestSentTimestampMs });
            var sent = queue.HighestSentTimestampMs;
            if (queue.NextRetryAt is not null)
            {
                health.Failing = true;
            }
            else if (sent != health.HighestSentMs || queue.PendingWindows == 0)
            {
                health.Failing = false;
            }

            health.HighestSentMs = sent;
            failing |= health.Failing;
            if (health.Failing)
            {
                endpoints.Add(queue.Tenant + "/" + queue.Endpoint.Name);
            }
        }

        if (failing != _failing)
        {
            if (failing)
            {
                _logger.LogWarning(
                    "remote write outage started ({Endpoints} failing): backlog {Windows} windows, {Samples} samples queued; windows are retried and kept in the state store until sent",
                    string.Join(", ", endpoints),
                    windows,
                    samples);
            }
            else
            {
                _logger.LogWarning("remote write outage ended: backlog {Windows} windows, {Samples} samples queued", windows, samples);
            }

            _failing = failing;
        }

        if (failing)
        {
            status.RemoteWriteFailed();
        }
        else
        {
            status.RemoteWriteSucceeded();
        }

        TelemetryMetrics.RemoteWriteFailing.Set(failing ? 1 : 0);
        return failing;
    }

    /// <summary>Checks every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Check();
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private sealed class QueueHealth
    {
        public bool Failing { get; set; }

        public long HighestSentMs { get; set; }
    }
}
