using System.Runtime.CompilerServices;
using KafkaMetricsGen.Core.RemoteWrite;
using KafkaMetricsGen.Streams.Sink;
using KafkaMetricsGen.Streams.Telemetry;

namespace KafkaMetricsGen.Streams.Sink;

/// <summary>
/// Feeds <see cref="WorkerStatus.RemoteWriteFailed"/> / <see cref="WorkerStatus.RemoteWriteSucceeded"/> from the
/// remote-write queues. A queue is failing from the moment it waits for a retry until it sends something (its highest
/// sent timestamp moves) or has nothing left; the status keeps the time of the first failure so /ready can tell how long.
/// </summary>
public sealed class RemoteWriteHealthWatcher(RemoteWriteSinks sinks, WorkerStatus status)
{
    private readonly ConditionalWeakTable<RemoteWriteQueue, QueueHealth> _queues = [];

    /// <summary>Samples every queue once (and refreshes the status' backlog figures); true while at least one is failing.</summary>
    public bool Check()
    {
        sinks.ReportBacklog();
        var failing = false;
        foreach (var queue in sinks.Queues)
        {
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
