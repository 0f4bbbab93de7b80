using Confluent.Kafka;
using KafkaMetricsGen.Core.Telemetry;
using KafkaMetricsGen.Streams.Pipeline;
using KafkaMetricsGen.Streams.Telemetry;
using KafkaMetricsGen.Streams.Topics;
using KafkaMetricsGen.Streams.Worker;
using Microsoft.Extensions.Logging;

namespace KafkaMetricsGen.Streams.Replay;

/// <summary>
/// Backfill by topic replay: plans the offset ranges, seeks a fresh consumer group to their starts, runs the worker
/// bounded to their ends (later records are skipped) and stops by itself once the group's committed offsets reached
/// every end and every tenant closed a window ending after that moment. Samples carry the spans' own (historical)
/// event times; the caller flushes its sinks afterwards.
/// </summary>
public static class ReplayRunner
{
    public static async Task<ReplayResult> RunAsync(
        ReplayOptions options,
        WorkerTopologySettings topology,
        ITopicProvisioner topics,
        WorkerStatus status,
        ILoggerFactory loggers,
        TimeProvider? time = null,
        IProgress<ReplayProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(loggers);
        options.Validate();
        if (!ReferenceEquals(topology.Aggregate.Status, status))
        {
            // Completion is read from the windows the aggregate stage reports closed.
            throw new ArgumentException("replay: the aggregate stage must report to the status passed in", nameof(topology));
        }

        time ??= TimeProvider.System;
        var log = loggers.CreateLogger(typeof(ReplayRunner));
        var applicationId = options.EffectiveApplicationId(time);
        var plan = ReplayPlanner.Plan(options);
        ReplayPlanner.CommitStart(options, applicationId, plan);
        var result = new ReplayResult(applicationId, plan);
        log.LogInformation("replay {ApplicationId}: {Records} records from {From} to {To}", applicationId, result.Records, options.From, options.To?.ToString() ?? "the current end");

        var bounded = Bounded(topology, plan);
        using var committed = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(ReplayPlanner.Config(options)) { GroupId = applicationId, EnableAutoCommit = false }).Build();
        await using var worker = await KafkaWorker.StartAsync(options.WorkerOptions(applicationId), bounded, topics, status, loggers, cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        var lastLogged = started;
        long? inputDoneMs = null;
        var lastClosed = string.Empty;
        var quietSince = 0L;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (worker.Failed.IsCompleted)
            {
                throw new InvalidOperationException("replay: the stream failed: " + await worker.Failed.ConfigureAwait(false));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(ReplayDefaults.PollIntervalMs), time, cancellationToken).ConfigureAwait(false);
            if (inputDoneMs is null)
            {
                var now = ReportProgress(committed, plan, result.Records, time.GetElapsedTime(started), progress);
                if (time.GetElapsedTime(lastLogged) >= TimeSpan.FromSeconds(ReplayDefaults.ProgressLogSeconds))
                {
                    log.LogInformation("replay {ApplicationId}: {Progress}", applicationId, now.ToString());
                    lastLogged = time.GetTimestamp();
                }

                if (now.RecordsDone < now.RecordsTotal)
                {
                    continue;
                }

                inputDoneMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                log.LogInformation("replay {ApplicationId}: input consumed ({Progress}), waiting for the last windows", applicationId, now.ToString());
            }

            // Replayed spans are older than the moment the input ran out; once every tenant closed a window ending
            // after it (the idle watermark follows the clock), all of them were written. Windows keep closing after
            // that, so "no window closed for a while" would never come.
            if (Done(status, inputDoneMs.Value, result.Records))
            {
                break;
            }

            // Accumulators that only close windows holding data stop reporting once the data is out: no change for
            // the idle delay plus grace means the last windows are written too.
            var closed = string.Join(',', status.LastWindowClosedMs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
            if (closed != lastClosed || quietSince == 0 || status.PendingWindows.Values.Any(v => v > 0))
            {
                lastClosed = closed;
                quietSince = time.GetTimestamp();
            }
            else if ((result.Records == 0 || status.LastWindowClosedMs.Count > 0) && time.GetElapsedTime(quietSince) >= TimeSpan.FromSeconds(ReplayDefaults.SettleSeconds))
            {
                break;
            }
        }

        log.LogInformation("replay {ApplicationId}: done", applicationId);
        return result;
    }

    private static ReplayProgress ReportProgress(IConsumer<byte[], byte[]> committed, IReadOnlyDictionary<string, ReplayRange[]> plan, long total, TimeSpan elapsed, IProgress<ReplayProgress>? progress)
    {
        var now = new ReplayProgress(ReplayPlanner.RecordsDone(committed, plan), total, SpansReceived(), elapsed);
        progress?.Report(now);
        return now;
    }

    /// <summary>Spans decoded in this process, every tenant (a replay runs alone in its process).</summary>
    private static long SpansReceived()
    {
        double spans = 0;
        foreach (var labels in SelfMetrics.SpansReceived.GetAllLabelValues())
        {
            spans += SelfMetrics.SpansReceived.WithLabels(labels).Value;
        }

        return (long)spans;
    }

    private static bool Done(WorkerStatus status, long inputDoneMs, long records)
    {
        var closed = status.LastWindowClosedMs;
        if (records > 0 && closed.Count == 0)
        {
            return false;
        }

        return closed.Values.All(end => end >= inputDoneMs) && status.PendingWindows.Values.All(pending => pending == 0);
    }

    private static WorkerTopologySettings Bounded(WorkerTopologySettings topology, IReadOnlyDictionary<string, ReplayRange[]> plan) => new()
    {
        Inputs = topology.Inputs,
        TracePartitions = topology.TracePartitions,
        InputPartitions = topology.InputPartitions,
        SeriesPartitions = topology.SeriesPartitions,
        TenantHeader = topology.TenantHeader,
        DefaultTenant = topology.DefaultTenant,
        Generate = topology.Generate,
        Aggregate = topology.Aggregate,
        EndOffsets = plan.ToDictionary(kv => kv.Key, kv => kv.Value.Select(r => r.End).ToArray(), StringComparer.Ordinal),
    };
}
