using KafkaMetricsGen.Streams.Telemetry;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;
using Streamiz.Kafka.Net.Stream;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// Runs one <see cref="KafkaStream"/> until it is stopped or fails. Streamiz reports ERROR only through its state
/// listener, and disposing from inside that listener deadlocks (it runs on the dying stream thread), so the listener
/// only records the state and completes a task; the runner disposes on a pool thread.
/// </summary>
public sealed class StreamRunner : IAsyncDisposable
{
    private readonly KafkaStream _stream;
    private readonly WorkerStatus _status;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    public StreamRunner(Topology topology, IStreamConfig config, WorkerStatus status, ILogger logger, IKafkaSupplier? supplier = null)
    {
        _status = status;
        _logger = logger;
        _stream = supplier is null ? new KafkaStream(topology, config) : new KafkaStream(topology, config, supplier);
        _stream.StateChanged += OnStateChanged;
    }

    /// <summary>Completes when the stream first reaches RUNNING.</summary>
    public Task Running => _running.Task;

    /// <summary>Completes with the reason when the stream reaches ERROR (or stops by itself).</summary>
    public Task<string> Failed => _failed.Task;

    public Task StartAsync() => _stream.StartAsync();

    /// <summary>Streamiz's sensors now (the metrics reporter gets the same every metrics interval).</summary>
    public IEnumerable<Sensor> Metrics() => _stream.Metrics();

    /// <summary>Stops the stream: it finishes its loop iteration, flushes and checkpoints its stores and commits.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Task.Run(_stream.Dispose).ConfigureAwait(false);
    }

    private void OnStateChanged(KafkaStream.State oldState, KafkaStream.State newState)
    {
        _status.SetState(newState.Name);
        _logger.LogInformation("stream state {Old} -> {New}", oldState.Name, newState.Name);
        if (newState == KafkaStream.State.RUNNING)
        {
            _running.TrySetResult();
        }
        else if (newState == KafkaStream.State.ERROR)
        {
            const string reason = "the Kafka stream reached ERROR (see the log for the failing thread)";
            _status.SetError(reason);
            _failed.TrySetResult(reason);
        }
        else if (newState == KafkaStream.State.NOT_RUNNING && Volatile.Read(ref _disposed) == 0)
        {
            _failed.TrySetResult("the Kafka stream stopped by itself");
        }
    }
}
