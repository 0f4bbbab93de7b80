using System.Globalization;
using KafkaMetricsGen.Streams.Telemetry;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Metrics;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// Runs the worker's <see cref="KafkaStream"/> until it is stopped or fails for good. A stream whose threads die of a
/// transient Kafka error (a broker that hangs or restarts: delivery timeouts, lost connections, aborted transactions)
/// is disposed and created anew after a backoff, from the last committed offsets and the stores' changelogs, so the
/// worker rides out broker trouble instead of exiting; meanwhile its state is <see cref="StreamStates.Recovering"/>
/// (<c>/ready</c> answers 503). Any other failure, or a stream that does not reach RUNNING again within
/// <see cref="KafkaWorkerDefaults.RecoveryLimit"/>, completes <see cref="Failed"/>.
/// <para>
/// Streamiz reports ERROR only through its state listener, and disposing from inside that listener deadlocks (it runs
/// on the dying stream thread), so the listener only records the state and completes a task; streams are disposed on
/// a pool thread.
/// </para>
/// </summary>
public sealed class StreamRunner : IAsyncDisposable
{
    private readonly Func<KafkaStream> _create;
    private readonly StreamFailures _failures;
    private readonly WorkerStatus _status;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action? _releaseFailed;
    private readonly RejoinWatch? _rejoin;
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private KafkaStream? _stream;
    private TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _supervisor = Task.CompletedTask;
    private int _disposed;
    private int _reachedRunning;

    /// <param name="create">A new stream over the same topology and config (called again for every re-creation).</param>
    /// <param name="failures">Where the config's exception handlers record why a stream died (see <see cref="StreamFailures.Attach"/>).</param>
    /// <param name="releaseFailed">
    /// Releases what a failed stream left behind in the process (its open stores, see <see cref="StreamLocalState"/>);
    /// called after the failed stream was disposed and before the next one is created, never while its threads run.
    /// </param>
    /// <param name="rejoin">
    /// Ends a stream whose thread rejoins its group and gets no assignment within <see cref="KafkaWorkerDefaults.RejoinLimit"/>
    /// while Kafka answers; it is then created anew like a failed one.
    /// </param>
    public StreamRunner(Func<KafkaStream> create, StreamFailures failures, WorkerStatus status, ILogger logger, TimeProvider? time = null, Action? releaseFailed = null, RejoinWatch? rejoin = null)
    {
        _rejoin = rejoin;
        _releaseFailed = releaseFailed;
        _create = create;
        _failures = failures;
        _status = status;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Completes when the stream first reaches RUNNING.</summary>
    public Task Running => _running.Task;

    /// <summary>Completes with the reason when the stream fails for good (or stops by itself).</summary>
    public Task<string> Failed => _failed.Task;

    /// <summary>How many times the stream has been re-created after a transient failure.</summary>
    public int Recreations { get; private set; }

    /// <summary>Starts the first stream and the supervision that re-creates it.</summary>
    public async Task StartAsync()
    {
        await StartStreamAsync().ConfigureAwait(false);
        _supervisor = Task.Run(() => SuperviseAsync(_stopping.Token));
    }

    /// <summary>Streamiz's sensors now (the metrics reporter gets the same every metrics interval).</summary>
    public IEnumerable<Sensor> Metrics() => Volatile.Read(ref _stream)?.Metrics() ?? [];

    /// <summary>Stops the stream: it finishes its loop iteration, flushes and checkpoints its stores and commits.</summary>
    public ValueTask DisposeAsync() => new(StopAsync(Timeout.InfiniteTimeSpan));

    /// <summary>
    /// Stops the stream, waiting at most <paramref name="timeout"/>. False when it did not stop in time (its threads
    /// wait for a broker that does not answer): it is left behind without its final commit, and the process must exit
    /// without waiting for its threads.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return true;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _supervisor.ConfigureAwait(false);
        var stopped = await DisposeStreamAsync(timeout).ConfigureAwait(false);
        _stopping.Dispose();
        return stopped;
    }

    private async Task StartStreamAsync()
    {
        _failures.Clear();
        _rejoin?.Assigned();
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = _create();
        stream.StateChanged += (oldState, newState) => OnStateChanged(ended, oldState, newState);
        Volatile.Write(ref _ended, ended);
        Volatile.Write(ref _stream, stream);
        await stream.StartAsync().ConfigureAwait(false);
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        DateTimeOffset? failingSince = null;
        var backoff = KafkaWorkerDefaults.RecoveryBackoffMin;
        while (!stopping.IsCancellationRequested)
        {
            var ended = Volatile.Read(ref _ended).Task;
            var wait = _rejoin is null ? Timeout.InfiniteTimeSpan : KafkaWorkerDefaults.RejoinCheckInterval;
            try
            {
                await Task.WhenAny(ended, Task.Delay(wait, _time, stopping)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (!ended.IsCompleted)
            {
                if (_rejoin?.Overdue(KafkaWorkerDefaults.RejoinLimit) is { } overdue)
                {
                    Volatile.Read(ref _ended).TrySetResult(string.Create(CultureInfo.InvariantCulture, $"the stream thread rejoined its group {overdue.TotalSeconds:0}s ago and got no partitions while Kafka answered"));
                }

                continue;
            }

            var reason = await ended.ConfigureAwait(false);
            var cause = _failures.Describe();
            var detail = cause is null ? reason : $"{reason}: {cause}";
            if (Volatile.Read(ref _reachedRunning) == 1)
            {
                // It ran since the last failure: a new episode of trouble, with the whole recovery limit.
                failingSince = null;
                backoff = KafkaWorkerDefaults.RecoveryBackoffMin;
            }

            failingSince ??= _time.GetUtcNow();
            if (!_failures.IsTransient())
            {
                Fail(detail);
                return;
            }

            if (_time.GetUtcNow() - failingSince.Value > KafkaWorkerDefaults.RecoveryLimit)
            {
                Fail($"{detail}; the stream has not run again for {KafkaWorkerDefaults.RecoveryLimit.TotalMinutes:0} min");
                return;
            }

            _status.SetState(StreamStates.Recovering);
            _logger.LogWarning("stream failed ({Reason}); re-creating it in {Seconds:0}s from the last committed offsets", detail, backoff.TotalSeconds);
            if (!await DisposeStreamAsync(KafkaWorkerDefaults.StreamStopTimeout).ConfigureAwait(false))
            {
                _logger.LogWarning("the failed stream did not stop within {Seconds:0}s; leaving it behind, with its stores", KafkaWorkerDefaults.StreamStopTimeout.TotalSeconds);
            }
            else if (_releaseFailed is not null)
            {
                try
                {
                    _releaseFailed();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    Fail($"{detail}; releasing its local state failed: {e.GetType().Name}: {e.Message}");
                    return;
                }
            }

            try
            {
                await Task.Delay(backoff, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, KafkaWorkerDefaults.RecoveryBackoffMax.Ticks));
            Recreations++;
            Volatile.Write(ref _reachedRunning, 0);
            await StartStreamAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> DisposeStreamAsync(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _stream, null) is not { } stream)
        {
            return true;
        }

        var dispose = Task.Run(stream.Dispose);
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            await dispose.ConfigureAwait(false);
            return true;
        }

        return await Task.WhenAny(dispose, Task.Delay(timeout, _time)).ConfigureAwait(false) == dispose;
    }

    private void Fail(string reason)
    {
        _status.SetError(reason);
        _failed.TrySetResult(reason);
    }

    private void OnStateChanged(TaskCompletionSource<string> ended, KafkaStream.State oldState, KafkaStream.State newState)
    {
        _logger.LogInformation("stream state {Old} -> {New}", oldState.Name, newState.Name);
        if (ended.Task.IsCompleted)
        {
            return;
        }

        _status.SetState(newState.Name);
        if (newState == KafkaStream.State.RUNNING)
        {
            Volatile.Write(ref _reachedRunning, 1);
            _running.TrySetResult();
        }
        else if (newState == KafkaStream.State.ERROR)
        {
            _status.SetState(StreamStates.Recovering);
            ended.TrySetResult("the Kafka stream reached ERROR");
        }
        else if (newState == KafkaStream.State.NOT_RUNNING && Volatile.Read(ref _disposed) == 0)
        {
            ended.TrySetResult("the Kafka stream stopped by itself");
        }
    }
}
